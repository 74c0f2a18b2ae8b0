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

/** The ledger keeps minor units in 32-bit integer columns: no single amount may exceed this. */
export const MAX_AMOUNT_MINOR = 2_147_483_647;

/**
 * An OB amount string ("12.50"; the spec's pattern allows 1-13 digits and up to 5 decimals) in minor units, for a
 * currency with two decimals. Undefined when it is not an OB amount, not positive, finer than a penny, or too large.
 */
export function parsePositiveMinor(amount: string): number | undefined {
  const match = /^(\d{1,13})(?:\.(\d{1,5}))?$/.exec(amount);
  if (!match) return undefined;
  const [, units, decimals = ''] = match;
  if (/[1-9]/.test(decimals.slice(2))) return undefined;
  const minor = Number(units) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  return minor > 0 && minor <= MAX_AMOUNT_MINOR ? minor : undefined;
}
