import type { DomesticPaymentConsent, PsuAccountSummary } from '@fapi/nats-contract';
import { choice, errorNote, formatMoney, formTokenField, html, type SafeHtml, summaryList, type SummaryRow } from '@fapi/web-pages';
import { fixedDebtorAccount } from './account-choices';
import { BANK_STEPS, bankPage, tppName } from './pages';

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

function debtorAccountFieldset(consent: DomesticPaymentConsent, accounts: PsuAccountSummary[]): SafeHtml {
  const fixed = fixedDebtorAccount(consent, accounts);
  if (!fixed.ok) return html``;
  if (fixed.value) {
    return html`<h2>Pay from</h2>
<p id="fixed-debtor-account"><strong>${fixed.value.nickname}</strong> <span class="hint">${fixed.value.displayIdentifier} · ${fixed.value.currency}</span></p>
`;
  }
  const choices = accounts.map((account) =>
    choice({
      type: 'radio',
      name: 'debtorAccountId',
      value: account.accountId,
      id: `debtor-${account.accountId}`,
      label: account.nickname,
      hint: `${account.displayIdentifier} · ${account.currency}`,
      required: true,
    }),
  );
  return html`<fieldset id="debtor-account"><legend>Pay from</legend>
${choices}</fieldset>
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
  const rows: SummaryRow[] = [
    { id: 'payment-amount', label: 'Amount', value: formatMoney(summary.amount, summary.currency), emphasis: true },
    ...(summary.creditorName ? [{ id: 'payee-name', label: 'Payee', value: summary.creditorName }] : []),
    ...creditorAccountRows(summary.creditorScheme, summary.creditorIdentification),
    ...(summary.reference ? [{ id: 'payment-reference', label: 'Reference', value: summary.reference }] : []),
  ];
  const approve = fixed.ok ? html`<button type="submit" name="decision" value="approve">Approve payment</button>\n` : '';
  return bankPage(
    'Confirm your payment',
    html`<p class="lead">${tppName(view.clientName)} asks you to approve this payment:</p>
<div class="card">${summaryList(rows, 'payment')}</div>
${errorNote(view.error ?? (fixed.ok ? undefined : fixed.error))}
<form class="card" method="post" action="/interaction/${encodeURIComponent(view.uid)}/consent">
${formTokenField(view.formToken)}
${debtorAccountFieldset(view.consent, view.accounts)}<div class="actions">${approve}<button class="secondary" type="submit" name="decision" value="deny" formnovalidate>Cancel payment</button></div>
</form>`,
    BANK_STEPS.confirmPayment,
    Boolean(view.error),
  );
}
