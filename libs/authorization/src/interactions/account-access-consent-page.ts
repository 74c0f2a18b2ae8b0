import type { AccountAccessConsent, PsuAccountSummary } from '@fapi/nats-contract';
import { formTokenField, html, type SafeHtml } from '@fapi/web-pages';
import { errorNote, layout } from './pages';
import { PERMISSION_LABELS } from './permission-labels';

const dateOf = (iso?: string) => (iso ? new Date(iso).toUTCString() : undefined);

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
  const window =
    consent.transactionFromDateTime || consent.transactionToDateTime
      ? `from ${dateOf(consent.transactionFromDateTime) ?? 'the start of your history'} to ${dateOf(consent.transactionToDateTime) ?? 'today'}`
      : 'your whole transaction history';
  const accounts = view.accounts.map(
    (a) => html`<label><input type="checkbox" name="accountIds" value="${a.accountId}"> ${a.nickname} (${a.currency}) ${a.displayIdentifier}</label>\n`,
  );
  return layout(
    'Share your account information',
    html`<p><strong>${view.clientName}</strong> asks to see:</p>
<ul>
${permissions}</ul>
<dl>
<dt>Access ends</dt><dd>${dateOf(consent.expirationDateTime) ?? 'when you withdraw it'}</dd>
<dt>Transactions</dt><dd>${window}</dd>
</dl>
${errorNote(view.error)}
<form method="post" action="/interaction/${encodeURIComponent(view.uid)}/consent">
${formTokenField(view.formToken)}
<fieldset><legend>Accounts to share</legend>
${accounts}</fieldset>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}
