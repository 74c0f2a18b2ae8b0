/** The issuer of the bank's proprietary transaction codes. */
export const SANDBOX_BANK_NAME = 'FAPI Sandbox Bank';
