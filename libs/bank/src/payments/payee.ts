/** OB account scheme of a UK sort code and account number: the only scheme this bank's accounts have. */
export const SORT_CODE_ACCOUNT_NUMBER = 'UK.OBIE.SortCodeAccountNumber';

export interface PaymentParty {
  scheme: string;
  identification: string;
  name?: string;
}

/** A creditor named by UK.OBIE.SortCodeAccountNumber: 6-digit sort code then 8-digit account number (14 digits). */
export function ukAccountOf(party: PaymentParty): { sortCode: string; accountNumber: string } | undefined {
  if (party.scheme !== SORT_CODE_ACCOUNT_NUMBER || !/^\d{14}$/.test(party.identification)) return undefined;
  return { sortCode: party.identification.slice(0, 6), accountNumber: party.identification.slice(6) };
}
