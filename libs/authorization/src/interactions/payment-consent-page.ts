import type { DomesticPaymentConsent, PsuAccountSummary } from '@fapi/nats-contract';
import { formTokenField, html, type SafeHtml } from '@fapi/web-pages';
import { fixedDebtorAccount } from './account-choices';
import { errorNote, layout } from './pages';

/** One line of the payee's details: its element id, label and value. */
interface DetailRow {
  id: string;
  label: string;
  value: string;
}

const UK_SORT_CODE_ACCOUNT_NUMBER = 'UK.OBIE.SortCodeAccountNumber';

/** The payee's account as a UK customer reads it: sort code 12-34-56 and the 8-digit account number; other schemes as sent. */
export function creditorAccountRows(scheme: string, identification: string): DetailRow[] {
  const ukAccount = scheme === UK_SORT_CODE_ACCOUNT_NUMBER ? /^(\d{2})(\d{2})(\d{2})(\d{8})$/.exec(identification) : null;
  if (ukAccount) {
    return [
      { id: 'payee-sort-code', label: 'Sort code', value: `${ukAccount[1]}-${ukAccount[2]}-${ukAccount[3]}` },
      { id: 'payee-account-number', label: 'Account number', value: ukAccount[4] },
    ];
  }
  return [{ id: 'payee-account', label: `Account (${scheme.replace(/^UK\.OBIE\./, '')})`, value: identification }];
}

const accountLabel = (account: PsuAccountSummary) => html`${account.nickname} (${account.currency}) ${account.displayIdentifier}`;

function debtorAccountFieldset(consent: DomesticPaymentConsent, accounts: PsuAccountSummary[]): SafeHtml {
  const fixed = fixedDebtorAccount(consent, accounts);
  if (!fixed.ok) return html``;
  const body = fixed.value
    ? html`<p id="fixed-debtor-account">${accountLabel(fixed.value)}</p>\n`
    : accounts.map((account) => html`<label><input type="radio" name="debtorAccountId" value="${account.accountId}" required> ${accountLabel(account)}</label>\n`);
  return html`<fieldset id="debtor-account"><legend>Pay from</legend>
${body}</fieldset>
<button type="submit" name="decision" value="approve">Approve</button>
`;
}

/**
 * The consent page for a domestic payment: the payee, amount and reference exactly as consented, and the account the
 * payment will be made from (fixed by the TPP and read-only, or the PSU's choice). A fixed account that is not the
 * PSU's cannot be approved: the page says so and offers only Deny.
 */
export function paymentConsentPage(view: {
  uid: string;
  formToken: string;
  clientName: string;
  consent: DomesticPaymentConsent;
  accounts: PsuAccountSummary[];
  error?: string;
}): SafeHtml {
  const { summary } = view.consent;
  const fixed = fixedDebtorAccount(view.consent, view.accounts);
  const rows: DetailRow[] = [
    ...(summary.creditorName ? [{ id: 'payee-name', label: 'Payee', value: summary.creditorName }] : []),
    ...creditorAccountRows(summary.creditorScheme, summary.creditorIdentification),
    { id: 'payment-amount', label: 'Amount', value: `${summary.amount} ${summary.currency}` },
    ...(summary.reference ? [{ id: 'payment-reference', label: 'Reference', value: summary.reference }] : []),
  ];
  const details = rows.map((row) => html`<dt>${row.label}</dt><dd id="${row.id}">${row.value}</dd>\n`);
  return layout(
    'Confirm your payment',
    html`<p><strong id="tpp-name">${view.clientName}</strong> asks you to approve this payment:</p>
<dl id="payment">
${details}</dl>
${errorNote(view.error ?? (fixed.ok ? undefined : fixed.error))}
<form method="post" action="/interaction/${encodeURIComponent(view.uid)}/consent">
${formTokenField(view.formToken)}
${debtorAccountFieldset(view.consent, view.accounts)}<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>`,
  );
}
