import type { TestCustomer } from '@fapi/nats-contract';
import { ruleCitedBy } from '@fapi/refusal-catalogue';
import { BRANDS, errorNote, formatTime, formTokenField, html, type JourneyStep, page, SafeHtml, textField } from '@fapi/web-pages';

/** The authorization server's pages speak for the bank. */
export const BANK = BRANDS.bank;

/**
 * The PSU's steps at the bank, whatever the TPP: sign in, decide, then back to the TPP's app (step 3, which the
 * redirect performs, so no page of the bank shows it).
 */
export const BANK_STEPS = {
  signIn: { number: 1, of: 3, label: 'sign in' },
  chooseAccounts: { number: 2, of: 3, label: 'choose accounts' },
  confirmPayment: { number: 2, of: 3, label: 'confirm the payment' },
  shareIdentity: { number: 2, of: 3, label: 'share who you are' },
} as const satisfies Record<string, JourneyStep>;

/**
 * A page of the bank: its brand, the title as the heading, the step of the journey when the page is one; `refused`
 * when it shows its form again with an error.
 */
export const bankPage = (title: string, body: SafeHtml, step?: JourneyStep, refused = false): SafeHtml => page({ brand: BANK, title, body, step, refused });

/** The TPP that sent the PSU, by the name it registered (escaped: a TPP chooses it). */
export const tppName = (clientName: string) => html`<strong id="tpp-name">${clientName}</strong>`;

const LOGIN_ERROR_ID = 'login-error';

/** The sandbox bank's test customers, so that anyone trying the sandbox can sign in: their credentials are public. */
function testCustomersPanel(customers: readonly TestCustomer[]): SafeHtml {
  if (customers.length === 0) return html``;
  const items = customers.map(
    (c) => html`<li><span class="name">${c.name}</span>Username <code class="username">${c.username}</code> · password <code class="password">${c.password}</code></li>\n`,
  );
  return html`<section class="notice" id="test-customers" aria-labelledby="test-customers-heading">
<h2 id="test-customers-heading">Test customers</h2>
<p>This is a sandbox bank with made-up customers. Sign in as any of them:</p>
<ul class="credentials">
${items}</ul>
</section>`;
}

export function loginPage(view: {
  uid: string;
  formToken: string;
  clientName: string;
  testCustomers: readonly TestCustomer[];
  username?: string;
  error?: string;
}): SafeHtml {
  // The error is about the pair, not one field: both inputs are marked invalid and point at the one message.
  const refused = view.error ? { formErrorId: LOGIN_ERROR_ID } : {};
  return bankPage(
    `Sign in to ${BANK.name}`,
    html`<p class="lead">${tppName(view.clientName)} sent you to ${BANK.name}. Sign in to see what it asks you to approve.</p>
${errorNote(view.error, LOGIN_ERROR_ID)}
<form class="card" method="post" action="/interaction/${encodeURIComponent(view.uid)}/login">
${formTokenField(view.formToken)}
${textField({ name: 'username', label: 'Username', value: view.username, autocomplete: 'username', required: true, ...refused })}
${textField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true, ...refused })}
<div class="actions"><button type="submit">Sign in</button></div>
</form>
${testCustomersPanel(view.testCustomers)}`,
    BANK_STEPS.signIn,
    Boolean(view.error),
  );
}

/** The throttled login (login-throttle.ts): when the PSU may try again, as a time and as a wait. */
export function tooManyAttemptsPage(until: Date, now: Date): SafeHtml {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return bankPage(
    'Too many sign-in attempts',
    html`${errorNote('Signing in is paused after too many wrong usernames or passwords, to protect your account.')}
<p>Try again after ${formatTime(until)} UK time (in ${wait}), from the app you came from.</p>`,
    BANK_STEPS.signIn,
  );
}

export function problemPage(message: string): SafeHtml {
  return bankPage('This request cannot continue', html`${errorNote(message)}
<p>Nothing has been shared and no payment has been made. Go back to the app you came from and start again.</p>`);
}

/**
 * oidc-provider's error page (errors it cannot send back to a verified redirect_uri): the OAuth error, escaped, and a
 * link to the rule its description cites on the rules page (`rulesPage`: that page's URL).
 */
export function oauthErrorPage(out: Record<string, unknown>, rulesPage: string): SafeHtml {
  const details = Object.entries(out).map(([name, value]) => html`<dt>${name}</dt><dd><code>${String(value ?? '')}</code></dd>\n`);
  const rule = ruleCitedBy(typeof out.error_description === 'string' ? out.error_description : undefined);
  const ruleLink = html`<p>Every rule this sandbox refuses requests by is on <a id="rules-page" href="${rule ? `${rulesPage}#${rule}` : rulesPage}">the rules page</a>.</p>`;
  return bankPage(
    'This request cannot continue',
    html`${errorNote('The app that sent you here made a request your bank cannot accept.')}
<p>Nothing has been shared and no payment has been made. Return to the app you came from and start again.</p>
<h2>Details for the app's developers</h2>
<dl class="summary" id="oauth-error">
${details}</dl>
${ruleLink}`,
  );
}

/**
 * oidc-provider's RP-initiated logout confirmation. `logoutForm` is oidc-provider's own hidden form (its action and
 * xsrf value escaped by it); the buttons submit it through their `form` attribute, as in oidc-provider's default page.
 */
export function logoutPage(logoutForm: string): SafeHtml {
  return bankPage(
    `Sign out of ${BANK.name}?`,
    html`${new SafeHtml(logoutForm)}
<p>You asked to sign out of ${BANK.name} on this device.</p>
<div class="actions"><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button></div>`,
  );
}

/** oidc-provider's page after a logout with no post_logout_redirect_uri to return to. */
export function signedOutPage(clientName?: string): SafeHtml {
  return bankPage(
    'You have signed out',
    html`<p>You have signed out of ${BANK.name}${clientName ? html` and ${tppName(clientName)}` : ''}. You can close this page.</p>`,
  );
}
