import type { AccountAccessConsent, PsuAccountSummary } from '@fapi/nats-contract';
import { PERMISSION_LABELS } from './permission-labels';

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}.error{color:#b00020;border-left:4px solid #b00020;padding-left:.5rem}label{display:block;margin:.5rem 0}
input[type=text],input[type=password]{width:100%;padding:.4rem;box-sizing:border-box}button{padding:.5rem 1rem;margin:.5rem .5rem 0 0}
dt{font-weight:600;margin-top:.5rem}`;

export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

export const errorNote = (error?: string) => (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '');

export function loginPage(view: { uid: string; clientName: string; username?: string; error?: string }): string {
  return layout(
    'Sign in to your bank',
    `<p><strong>${escapeHtml(view.clientName)}</strong> sent you to your bank. Sign in to review its request.</p>
${errorNote(view.error)}
<form method="post" action="/interaction/${encodeURIComponent(view.uid)}/login">
<label>Username <input type="text" name="username" autocomplete="username" required value="${escapeHtml(view.username)}"></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

const dateOf = (iso?: string) => (iso ? escapeHtml(new Date(iso).toUTCString()) : undefined);

export function consentPage(view: {
  uid: string;
  clientName: string;
  consent: AccountAccessConsent;
  accounts: PsuAccountSummary[];
  error?: string;
}): string {
  const { consent } = view;
  const permissions = consent.permissions.map((p) => `<li>${escapeHtml(PERMISSION_LABELS[p] ?? p)}</li>`).join('\n');
  const window =
    consent.transactionFromDateTime || consent.transactionToDateTime
      ? `from ${dateOf(consent.transactionFromDateTime) ?? 'the start of your history'} to ${dateOf(consent.transactionToDateTime) ?? 'today'}`
      : 'your whole transaction history';
  const accounts = view.accounts
    .map(
      (a) =>
        `<label><input type="checkbox" name="accountIds" value="${escapeHtml(a.accountId)}"> ${escapeHtml(a.nickname)} (${escapeHtml(a.currency)}) ${escapeHtml(a.displayIdentifier)}</label>`,
    )
    .join('\n');
  return layout(
    'Share your account information',
    `<p><strong>${escapeHtml(view.clientName)}</strong> asks to see:</p>
<ul>
${permissions}
</ul>
<dl>
<dt>Access ends</dt><dd>${dateOf(consent.expirationDateTime) ?? 'when you withdraw it'}</dd>
<dt>Transactions</dt><dd>${window}</dd>
</dl>
${errorNote(view.error)}
<form method="post" action="/interaction/${encodeURIComponent(view.uid)}/consent">
<fieldset><legend>Accounts to share</legend>
${accounts}
</fieldset>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function problemPage(message: string): string {
  return layout('This request cannot continue', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}

/** oidc-provider's error page (errors it cannot send back to a verified redirect_uri): the OAuth error, escaped. */
export function oauthErrorPage(out: Record<string, unknown>): string {
  const details = Object.entries(out)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  return layout('This request cannot continue', `<p>Return to the app you came from and start again.</p>\n<dl>\n${details}\n</dl>`);
}
