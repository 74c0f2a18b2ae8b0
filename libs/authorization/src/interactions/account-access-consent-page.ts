import type { AccountAccessConsent, PsuAccountSummary } from '@fapi/nats-contract';
import { choice, errorNote, formatDate, formatDateTime, formTokenField, html, type SafeHtml, summaryList } from '@fapi/web-pages';
import { BANK_STEPS, bankPage, tppName } from './pages';
import { PERMISSION_LABELS } from './permission-labels';

/** The transactions the TPP may see, in words: "From 1 Apr 2025 to today". */
function transactionWindow({ transactionFromDateTime: from, transactionToDateTime: to }: AccountAccessConsent): SafeHtml {
  if (!from && !to) return html`Your whole transaction history`;
  return html`From ${from ? formatDate(from) : 'the start of your history'} to ${to ? formatDate(to) : 'today'}`;
}

/**
 * The consent page for account access: what the TPP asks to see (the OB permissions in the PSU's words), until when,
 * which transactions, and the PSU's accounts to choose the shared ones from.
 */
export function accountAccessConsentPage(view: {
  uid: string;
  formToken: string;
  clientName: string;
  consent: AccountAccessConsent;
  accounts: PsuAccountSummary[];
  error?: string;
}): SafeHtml {
  const { consent } = view;
  const permissions = consent.permissions.map((p) => html`<li>${PERMISSION_LABELS[p] ?? p}</li>\n`);
  const accounts = view.accounts.map((account) =>
    choice({
      type: 'checkbox',
      name: 'accountIds',
      value: account.accountId,
      id: `account-${account.accountId}`,
      label: account.nickname,
      hint: `${account.displayIdentifier} · ${account.currency}`,
    }),
  );
  return bankPage(
    'Share your account information',
    html`<p class="lead">${tppName(view.clientName)} asks to see:</p>
<ul id="permissions">
${permissions}</ul>
${summaryList([
  { label: 'Access ends', value: consent.expirationDateTime ? formatDateTime(consent.expirationDateTime) : 'When you withdraw it', id: 'access-ends' },
  { label: 'Transactions', value: transactionWindow(consent), id: 'transaction-window' },
])}
${errorNote(view.error)}
<form class="card" method="post" action="/interaction/${encodeURIComponent(view.uid)}/consent">
${formTokenField(view.formToken)}
<fieldset aria-describedby="accounts-hint"><legend>Choose the accounts to share</legend>
<p class="hint" id="accounts-hint">Only the accounts you tick are shared.</p>
${accounts}</fieldset>
<div class="actions"><button type="submit" name="decision" value="approve">Share these accounts</button>
<button class="secondary" type="submit" name="decision" value="deny" formnovalidate>Don't share</button></div>
</form>`,
    BANK_STEPS.chooseAccounts,
    Boolean(view.error),
  );
}
