/** The mock ASPSP: customers, accounts, ledger and the UK OB v4.0 AISP resource server. */
export {};
