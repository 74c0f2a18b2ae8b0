import { formTokenField, html, type SafeHtml } from '@fapi/web-pages';

const STYLE = html`body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}.error{color:#b00020;border-left:4px solid #b00020;padding-left:.5rem}label{display:block;margin:.5rem 0}
input[type=text],input[type=password]{width:100%;padding:.4rem;box-sizing:border-box}button{padding:.5rem 1rem;margin:.5rem .5rem 0 0}
dt{font-weight:600;margin-top:.5rem}`;

/** Every page of the authorization server: its title as the heading, then its body. */
export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><h1>${title}</h1>
${body}
</body></html>`;
}

export const errorNote = (error?: string) => (error ? html`<p class="error" role="alert">${error}</p>` : html``);

export function loginPage(view: { uid: string; formToken: string; clientName: string; username?: string; error?: string }): SafeHtml {
  return layout(
    'Sign in to your bank',
    html`<p><strong>${view.clientName}</strong> sent you to your bank. Sign in to review its request.</p>
${errorNote(view.error)}
<form method="post" action="/interaction/${encodeURIComponent(view.uid)}/login">
${formTokenField(view.formToken)}
<label>Username <input type="text" name="username" autocomplete="username" required value="${view.username}"></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** The throttled login (login-throttle.ts): when the PSU may try again, as a time and as a wait. */
export function tooManyAttemptsPage(until: Date, now: Date): SafeHtml {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return layout(
    'Too many sign-in attempts',
    html`<p class="error" role="alert">Signing in is paused after too many wrong usernames or passwords, to protect your account.</p>
<p>Try again after <time datetime="${until.toISOString()}">${until.toUTCString()}</time> (in ${wait}), from the app you came from.</p>`,
  );
}

export function problemPage(message: string): SafeHtml {
  return layout('This request cannot continue', html`<p class="error" role="alert">${message}</p>`);
}

/** oidc-provider's error page (errors it cannot send back to a verified redirect_uri): the OAuth error, escaped. */
export function oauthErrorPage(out: Record<string, unknown>): SafeHtml {
  const details = Object.entries(out).map(([name, value]) => html`<dt>${name}</dt><dd>${String(value ?? '')}</dd>\n`);
  return layout('This request cannot continue', html`<p>Return to the app you came from and start again.</p>\n<dl>\n${details}</dl>`);
}
