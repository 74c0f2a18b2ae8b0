import { createHash } from 'node:crypto';
import type { ObBalance, ObTransaction, SharedAccount } from '../account-information';
import { formTokenField, html, SafeHtml } from '@fapi/web-pages';
import type { DomesticPayment } from '../payment-initiation-client';
import { PAYMENT_FORM_FIELDS, type PaymentFormErrors, type PaymentFormField, type PaymentFormValues } from '../payment-form';
import { paymentReference, SORT_CODE_ACCOUNT_NUMBER } from '../payment-order';
import { paymentStatusLabel, paymentStillMoving } from '../payment-status';
import type { JourneyErrorView } from './journey-error';

/** How many transactions each account shows, newest first. */
export const RECENT_TRANSACTIONS = 50;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
td.amount{text-align:right;font-variant-numeric:tabular-nums}.account{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}
button{font-size:1rem;padding:.5rem 1rem}.error-code{font-weight:bold}
.field{margin:0 0 1rem}.field label{display:block;font-weight:bold}.field input{font-size:1rem;padding:.3rem}
.field-error,#form-errors{color:#b00020}dl.payment dt{font-weight:bold}`;

/** Every page: the fintech's name on top, one `<main>` whose id names the page (tests find pages by it). */
function layout(fintechName: string, pageId: string, title: string, content: SafeHtml, mainAttributes: SafeHtml = html``, head: SafeHtml = html``): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}
<title>${title} · ${fintechName}</title><style>${STYLE}</style></head>
<body>
<header><p id="fintech-name">${fintechName}</p></header>
<main id="${pageId}"${mainAttributes}>
<h1>${title}</h1>
${content}
</main>
</body>
</html>`;
}

const connectForm = (label: string, formToken: string) =>
  html`<form method="post" action="/connect">${formTokenField(formToken)}<button id="connect" type="submit">${label}</button></form>`;

const payLink = html`<p><a id="pay-link" href="/pay">Make a payment</a></p>`;

/** `formToken`: the session's anti-forgery token, sent back with the connect form. */
export function homePage(fintechName: string, connected: boolean, formToken: string): SafeHtml {
  const content = connected
    ? html`<p>Your bank is connected.</p><p><a id="accounts-link" href="/accounts">See your accounts</a></p>${connectForm('Connect again', formToken)}`
    : html`<p>${fintechName} shows your accounts, balances and transactions once you let your bank share them.</p>${connectForm('Connect your bank', formToken)}`;
  return layout(fintechName, 'home', 'Welcome', html`${content}${payLink}`);
}

const FIELD_LABELS: Record<PaymentFormField, { label: string; hint?: string; inputmode?: string }> = {
  payeeName: { label: 'Payee name' },
  sortCode: { label: 'Sort code', hint: '6 digits, like 12-34-56', inputmode: 'numeric' },
  accountNumber: { label: 'Account number', hint: '8 digits', inputmode: 'numeric' },
  amount: { label: 'Amount (£)', hint: 'Pounds and pence, like 12.50', inputmode: 'decimal' },
  reference: { label: 'Reference', hint: 'Up to 18 characters, shown to the payee' },
};

function formField(field: PaymentFormField, value: string, error: string | undefined): SafeHtml {
  const { label, hint, inputmode } = FIELD_LABELS[field];
  const described = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
  return html`<p class="field" data-field="${field}"><label for="${field}">${label}</label>${hint ? html`<span class="hint" id="${field}-hint">${hint}</span>` : ''}
<input id="${field}" name="${field}" type="text" value="${value}" autocomplete="off"${inputmode ? html` inputmode="${inputmode}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}>
${error ? html`<span class="field-error" id="${field}-error" data-field="${field}">${error}</span>` : ''}</p>
`;
}

const EMPTY_PAYMENT_FORM = Object.fromEntries(PAYMENT_FORM_FIELDS.map((field) => [field, ''])) as PaymentFormValues;

/**
 * The "Make a payment" form (POST /pay, no JavaScript). After a refusal it comes back with what the PSU typed and,
 * under each field in error, why; `main[data-invalid-fields]` lists those fields. `formToken`: the session's
 * anti-forgery token, sent back with the form.
 */
export function paymentFormPage(fintechName: string, formToken: string, values: PaymentFormValues = EMPTY_PAYMENT_FORM, errors: PaymentFormErrors = {}): SafeHtml {
  const invalid = PAYMENT_FORM_FIELDS.filter((field) => errors[field]);
  const summary = invalid.length
    ? html`<div id="form-errors" role="alert"><p>Please check the payment:</p><ul>${invalid.map((field) => html`<li><a href="#${field}">${errors[field]}</a></li>`)}</ul></div>`
    : '';
  return layout(
    fintechName,
    'make-payment',
    'Make a payment',
    html`${summary}<p>Your bank will ask you to approve the payment and to choose the account it is paid from.</p>
<form id="payment-form" method="post" action="/pay" novalidate>
${formTokenField(formToken)}
${PAYMENT_FORM_FIELDS.map((field) => formField(field, values[field], errors[field]))}<button id="pay" type="submit">Pay</button>
</form>
<p><a href="/">Back to start</a></p>`,
    invalid.length ? html` data-invalid-fields="${invalid.join(' ')}"` : html``,
  );
}

/** How often the status page reloads itself while settlement is still under way. */
export const PAYMENT_REFRESH_SECONDS = 3;

function payeeAccount(account: DomesticPayment['Initiation']['CreditorAccount']): SafeHtml {
  if (account.SchemeName === SORT_CODE_ACCOUNT_NUMBER && /^\d{14}$/.test(account.Identification)) {
    const sortCode = account.Identification.slice(0, 6).replace(/(\d{2})(?=\d)/g, '$1-');
    return html`<dt>Sort code</dt><dd class="payee-sort-code">${sortCode}</dd><dt>Account number</dt><dd class="payee-account-number">${account.Identification.slice(6)}</dd>`;
  }
  return html`<dt>Account</dt><dd class="payee-account" data-scheme-name="${account.SchemeName}">${account.Identification}</dd>`;
}

/**
 * A payment as the bank has it now: `main#payment[data-payment-id][data-status]`. Settlement is asynchronous, so
 * while the payment can still move the page reloads itself (meta refresh, no script) and offers a link to reload.
 */
export function paymentPage(fintechName: string, payment: DomesticPayment): SafeHtml {
  const { Initiation: initiation, Status: status } = payment;
  const moving = paymentStillMoving(status);
  const path = `/payments/${encodeURIComponent(payment.DomesticPaymentId)}`;
  const reference = paymentReference(initiation);
  return layout(
    fintechName,
    'payment',
    'Your payment',
    html`<p>Status: <strong class="payment-status" data-status="${status}">${paymentStatusLabel(status)}</strong> (<code class="payment-status-code">${status}</code>)</p>
<dl class="payment">
<dt>Amount</dt><dd class="payment-amount" data-amount="${initiation.InstructedAmount.Amount}" data-currency="${initiation.InstructedAmount.Currency}"><span class="amount">${initiation.InstructedAmount.Amount}</span> <span class="currency">${initiation.InstructedAmount.Currency}</span></dd>
<dt>Payee</dt><dd class="payee-name">${initiation.CreditorAccount.Name ?? ''}</dd>
${payeeAccount(initiation.CreditorAccount)}
${reference !== undefined ? html`<dt>Reference</dt><dd class="payment-reference">${reference}</dd>` : ''}
<dt>Payment id</dt><dd class="payment-id">${payment.DomesticPaymentId}</dd>
<dt>Consent</dt><dd class="consent-id">${payment.ConsentId}</dd>
<dt>Status since</dt><dd class="status-update-date-time">${payment.StatusUpdateDateTime}</dd>
</dl>
${moving ? html`<p class="payment-in-progress">Your bank is still processing this payment; this page updates itself every ${PAYMENT_REFRESH_SECONDS} seconds.</p>` : ''}
<p><a id="refresh-link" href="${path}">Check the status again</a></p>
<p><a id="new-payment-link" href="/pay">Make another payment</a> · <a href="/">Back to start</a></p>`,
    html` data-payment-id="${payment.DomesticPaymentId}" data-status="${status}" data-consent-id="${payment.ConsentId}"`,
    moving ? html`<meta http-equiv="refresh" content="${PAYMENT_REFRESH_SECONDS}">` : html``,
  );
}

/** An OB amount with its direction: debits shown negative. */
const signedAmount = (indicator: 'Credit' | 'Debit', amount: string) => (indicator === 'Debit' ? `-${amount}` : amount);

function balancesTable(balances: ObBalance[]): SafeHtml {
  if (balances.length === 0) return html`<p class="no-balances">No balances shared.</p>`;
  return html`<table class="balances"><thead><tr><th>Type</th><th>Amount</th><th>Currency</th><th>As of</th></tr></thead><tbody>
${balances.map(
  (b) => html`<tr class="balance" data-balance-type="${b.Type}"><td class="balance-type">${b.Type}</td><td class="amount" data-amount="${b.Amount.Amount}" data-credit-debit="${b.CreditDebitIndicator}">${signedAmount(b.CreditDebitIndicator, b.Amount.Amount)}</td><td class="currency">${b.Amount.Currency}</td><td class="date-time">${b.DateTime}</td></tr>
`,
)}</tbody></table>`;
}

const newestFirst = (a: ObTransaction, b: ObTransaction) => b.BookingDateTime.localeCompare(a.BookingDateTime);

function transactionsTable(transactions: ObTransaction[]): SafeHtml {
  if (transactions.length === 0) return html`<p class="no-transactions">No transactions shared.</p>`;
  const recent = [...transactions].sort(newestFirst).slice(0, RECENT_TRANSACTIONS);
  return html`<table class="transactions"><thead><tr><th>Booked</th><th>Description</th><th>Status</th><th>Amount</th><th>Currency</th></tr></thead><tbody>
${recent.map(
  (t) => html`<tr class="transaction" data-transaction-id="${t.TransactionId ?? ''}"><td class="booking-date-time">${t.BookingDateTime}</td><td class="description">${t.TransactionInformation ?? t.MerchantDetails?.MerchantName ?? t.TransactionReference ?? ''}</td><td class="status">${t.Status}</td><td class="amount" data-amount="${t.Amount.Amount}" data-credit-debit="${t.CreditDebitIndicator}">${signedAmount(t.CreditDebitIndicator, t.Amount.Amount)}</td><td class="currency">${t.Amount.Currency}</td></tr>
`,
)}</tbody></table>${transactions.length > recent.length ? html`<p class="more-transactions">Showing the ${recent.length} most recent of ${transactions.length} transactions.</p>` : ''}`;
}

function accountSection({ account, balances, transactions }: SharedAccount): SafeHtml {
  const identifications = account.Account ?? [];
  return html`<section class="account" data-account-id="${account.AccountId}">
<h2 class="account-nickname">${account.Nickname ?? account.Description ?? account.AccountId}</h2>
<dl>${identifications.map(
    (i) => html`<dt>${i.SchemeName}</dt><dd class="account-identification" data-scheme-name="${i.SchemeName}">${i.Identification}</dd>`,
  )}${account.Currency ? html`<dt>Currency</dt><dd class="account-currency">${account.Currency}</dd>` : ''}</dl>
<h3>Balances</h3>
${balancesTable(balances)}
<h3>Recent transactions</h3>
${transactionsTable(transactions)}
</section>`;
}

export function accountsPage(fintechName: string, consentId: string, accounts: SharedAccount[]): SafeHtml {
  const content = accounts.length
    ? html`${accounts.map(accountSection)}`
    : html`<p id="no-accounts">Your bank shared no accounts.</p>`;
  return layout(fintechName, 'accounts', 'Your accounts', html`${content}<p><a href="/">Back to start</a></p>`, html` data-consent-id="${consentId}"`);
}

export function errorPage(fintechName: string, error: JourneyErrorView, consentId?: string): SafeHtml {
  return layout(
    fintechName,
    'error',
    error.title,
    html`<p class="error-message">${error.message}</p>
<p>Error code: <code class="error-code">${error.code}</code></p>
${error.description ? html`<p class="error-description">${error.description}</p>` : ''}
${consentId ? html`<p>Consent: <code class="consent-id">${consentId}</code></p>` : ''}
<p><a href="/">Back to start</a></p>`,
    consentId ? html` data-error-code="${error.code}" data-consent-id="${consentId}"` : html` data-error-code="${error.code}"`,
  );
}

/**
 * The hybrid response arrives in the URL fragment, which browsers never send to a server: this script posts the
 * fragment's parameters (or the query's, should the AS have answered an error there) to POST /callback (same origin,
 * so the SameSite=Lax session cookie goes along) and drops them from the history entry.
 */
const RELAY_SCRIPT = `(function(){var f=document.getElementById('authorization-response');new URLSearchParams((location.hash||location.search).slice(1)).forEach(function(v,k){var i=document.createElement('input');i.type='hidden';i.name=k;i.value=v;f.appendChild(i);});history.replaceState(null,'',location.pathname);f.submit();})();`;

/** The CSP hash source that lets exactly the relay script run. */
export const RELAY_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(RELAY_SCRIPT).digest('base64')}'`;

export function callbackRelayPage(fintechName: string): SafeHtml {
  return layout(
    fintechName,
    'callback-relay',
    'Finishing the connection',
    html`<form id="authorization-response" method="post" action="/callback"><noscript><p>Your bank's answer is in the part of this address after "#", which only this page's script can pass on. Please enable JavaScript, or send those parameters as a form to POST /callback.</p></noscript></form>
<script>${new SafeHtml(RELAY_SCRIPT)}</script>`,
  );
}
