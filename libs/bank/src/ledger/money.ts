import type { OBCreditDebitCode } from '@fapi/open-banking';

/** Minor units (pence) as the OB amount string: "1234.50" (the spec's pattern allows up to 5 decimals). */
export function formatMinor(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new Error(`not a non-negative amount: ${amountMinor}`);
  return `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
}

/** A signed balance as OB shows it: the absolute amount and whether it is in credit or overdrawn (debit). */
export function signedBalance(balanceMinor: number): { Amount: string; CreditDebitIndicator: OBCreditDebitCode } {
  return { Amount: formatMinor(Math.abs(balanceMinor)), CreditDebitIndicator: balanceMinor < 0 ? 'Debit' : 'Credit' };
}
