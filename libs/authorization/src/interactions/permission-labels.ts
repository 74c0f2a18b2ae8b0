import type { Permission } from '@fapi/open-banking';

/** What each OB permission lets the TPP see, in the words the consent page shows the PSU. */
export const PERMISSION_LABELS: Record<Permission, string> = {
  ReadAccountsBasic: 'Your account names, currencies and types',
  ReadAccountsDetail: 'Your account details, including sort codes and account numbers',
  ReadBalances: 'Your account balances',
  ReadBeneficiariesBasic: 'Your payees',
  ReadBeneficiariesDetail: "Your payees, including their account details",
  ReadDirectDebits: 'Your Direct Debits',
  ReadOffers: 'Offers available on your accounts',
  ReadPAN: 'Your full card numbers',
  ReadParty: 'The account holders of your accounts',
  ReadPartyPSU: 'Your own name and contact details',
  ReadProducts: 'The products your accounts belong to',
  ReadScheduledPaymentsBasic: 'Your scheduled payments',
  ReadScheduledPaymentsDetail: "Your scheduled payments, including the payees' account details",
  ReadStandingOrdersBasic: 'Your standing orders',
  ReadStandingOrdersDetail: "Your standing orders, including the payees' account details",
  ReadStatementsBasic: 'Your statements',
  ReadStatementsDetail: 'Your statements, including their amounts and files',
  ReadTransactionsBasic: 'Your transactions',
  ReadTransactionsCredits: 'Money coming into your accounts',
  ReadTransactionsDebits: 'Money going out of your accounts',
  ReadTransactionsDetail: 'Your transactions, including their full descriptions and counterparties',
};
