import type { DomesticPaymentConsent, PsuAccountSummary } from '@fapi/nats-contract';

/** What the PSU's form chose, or why it cannot be accepted (shown to them on the consent page). */
export type Choice<T> = { ok: true; value: T } | { ok: false; error: string };

const chosen = <T>(value: T): Choice<T> => ({ ok: true, value });
const notChosen = <T>(error: string): Choice<T> => ({ ok: false, error });

const isPsuAccount = (accounts: PsuAccountSummary[], accountId: string) => accounts.some((account) => account.accountId === accountId);

// OB account access: the PSU picks the accounts to share, at least one and only their own.
export function accountsToShare(form: URLSearchParams, accounts: PsuAccountSummary[]): Choice<string[]> {
  const accountIds = [...new Set(form.getAll('accountIds'))];
  return accountIds.length > 0 && accountIds.every((id) => isPsuAccount(accounts, id))
    ? chosen(accountIds)
    : notChosen('Choose at least one of your accounts to share, or deny the request.');
}

export const FIXED_ACCOUNT_NOT_YOURS = 'This payment is set to be paid from an account that is not one of yours, so you cannot approve it. Deny it to return to the app.';

// OB PISP: a debtor account the TPP fixed in the Initiation is the one the payment is made from; the PSU can approve
// only if it is one of their own accounts. Unset, the PSU chooses (fixedDebtorAccount answers undefined).
export function fixedDebtorAccount(consent: DomesticPaymentConsent, accounts: PsuAccountSummary[]): Choice<PsuAccountSummary | undefined> {
  const fixedId = consent.summary.debtorAccountId;
  if (fixedId === undefined) return chosen(undefined);
  const account = accounts.find((candidate) => candidate.accountId === fixedId);
  return account ? chosen(account) : notChosen(FIXED_ACCOUNT_NOT_YOURS);
}

// OB PISP: the payment is made from the fixed debtor account, or from exactly one of the PSU's accounts they chose.
export function debtorAccountToPayFrom(consent: DomesticPaymentConsent, form: URLSearchParams, accounts: PsuAccountSummary[]): Choice<string> {
  const fixed = fixedDebtorAccount(consent, accounts);
  if (!fixed.ok) return fixed;
  if (fixed.value) return chosen(fixed.value.accountId);
  const choices = form.getAll('debtorAccountId');
  return choices.length === 1 && isPsuAccount(accounts, choices[0])
    ? chosen(choices[0])
    : notChosen('Choose the one account to pay from, or deny the request.');
}
