import { createHash } from 'node:crypto';
import { formTokenField, html, SafeHtml, textField } from '@fapi/web-pages';
import { PAYMENT_FORM_FIELDS, type PaymentFormErrors, type PaymentFormField, type PaymentFormValues } from '../payment-form';
import { disconnectForm } from './account-pages';
import type { FintechProtocol } from '../fintech-protocol';
import { FINTECH_STEPS, fintechPage, protocolNote } from './fintech-page';
import type { JourneyErrorView } from './journey-error';
import { inspectorLink } from './inspector-page';

const connectForm = (label: string, formToken: string, secondary = false) =>
  html`<form method="post" action="/connect">${formTokenField(formToken)}<div class="actions"><button id="connect" type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></div></form>`;

/** `formToken`: the session's anti-forgery token, sent back with the connect form. */
export function homePage(fintechName: string, connected: boolean, formToken: string, protocol: FintechProtocol): SafeHtml {
  const body = connected
    ? html`<p class="lead">Your bank is connected.</p>
<div class="actions"><a class="button" id="accounts-link" href="/accounts">See your accounts</a><a class="button secondary" id="pay-link" href="/pay">Make a payment</a></div>
<h2>Connected the wrong accounts?</h2>
<p>Connect again to choose other accounts at your bank.</p>
${connectForm('Connect again', formToken, true)}
${disconnectForm(fintechName, formToken)}`
    : html`<p class="lead">${fintechName} shows your accounts, balances and transactions once you let your bank share them.</p>
<p>You sign in at your bank, not here: ${fintechName} never sees your bank password.</p>
${connectForm('Connect your bank', formToken)}
<h2>Pay someone</h2>
<p>Pay from your bank account: you confirm the payment at your bank.</p>
<p><a id="pay-link" href="/pay">Make a payment</a></p>`;
  const flowsLink = html`<p class="hint">Learning OAuth, OpenID Connect and FAPI? <a id="flows-link" href="/flows">The flows this sandbox teaches</a></p>`;
  return fintechPage({
    fintechName,
    id: 'home',
    title: `Welcome to ${fintechName}`,
    step: connected ? FINTECH_STEPS.connected : FINTECH_STEPS.connect,
    body: html`${body}
${flowsLink}
${protocolNote(protocol)}`,
  });
}

const FIELD_LABELS: Record<PaymentFormField, { label: string; hint?: string; inputmode?: 'numeric' | 'decimal'; autocomplete?: string }> = {
  payeeName: { label: 'Payee name', autocomplete: 'off' },
  sortCode: { label: 'Sort code', hint: '6 digits, like 12-34-56', inputmode: 'numeric', autocomplete: 'off' },
  accountNumber: { label: 'Account number', hint: '8 digits', inputmode: 'numeric', autocomplete: 'off' },
  amount: { label: 'Amount (£)', hint: 'Pounds and pence, like 12.50', inputmode: 'decimal', autocomplete: 'off' },
  reference: { label: 'Reference', hint: 'Up to 18 characters, shown to the payee', autocomplete: 'off' },
};

const EMPTY_PAYMENT_FORM = Object.fromEntries(PAYMENT_FORM_FIELDS.map((field) => [field, ''])) as PaymentFormValues;

/**
 * The "Make a payment" form (POST /pay, no JavaScript). After a refusal it comes back with what the PSU typed, a
 * summary of the problems (announced, each linking to its field) and, at each field in error, why;
 * `main[data-invalid-fields]` lists those fields. `formToken`: the session's anti-forgery token.
 */
export function paymentFormPage(fintechName: string, formToken: string, values: PaymentFormValues = EMPTY_PAYMENT_FORM, errors: PaymentFormErrors = {}): SafeHtml {
  const invalid = PAYMENT_FORM_FIELDS.filter((field) => errors[field]);
  const summary = invalid.length
    ? html`<div class="error-note" id="form-errors" role="alert" tabindex="-1"><p>Please check the payment:</p><ul>${invalid.map((field) => html`<li><a href="#${field}">${errors[field]}</a></li>`)}</ul></div>`
    : '';
  return fintechPage({
    fintechName,
    id: 'make-payment',
    title: 'Make a payment',
    step: FINTECH_STEPS.enterPayment,
    body: html`${summary}<p>Who are you paying? You choose the account to pay from, and confirm, at your bank.</p>
<form id="payment-form" method="post" action="/pay" novalidate>
${formTokenField(formToken)}
${PAYMENT_FORM_FIELDS.map((field) => textField({ name: field, value: values[field], error: errors[field], ...FIELD_LABELS[field] }))}<div class="actions"><button id="pay" type="submit">Continue to your bank</button></div>
</form>
<p><a href="/">Back to start</a></p>`,
    mainAttributes: invalid.length ? html` data-invalid-fields="${invalid.join(' ')}"` : undefined,
  });
}

/**
 * A journey that failed, in words, with the machine-readable code (and the consent it was about) to quote, and the
 * link to its steps in the flow inspector (`journeyId`).
 */
export function errorPage(fintechName: string, error: JourneyErrorView, consentId?: string, journeyId?: string): SafeHtml {
  return fintechPage({
    fintechName,
    id: 'error',
    title: error.title,
    step: FINTECH_STEPS.backFromBank,
    body: html`<div class="error-note" role="alert"><p class="error-message">${error.message}</p></div>
${error.description ? html`<p class="error-description">${error.description}</p>` : ''}
<p class="hint">If you contact us, quote the error code <code class="error-code">${error.code}</code>${consentId ? html` and the consent <code class="consent-id">${consentId}</code>` : ''}.</p>
<div class="actions"><a class="button" href="/">Back to start</a></div>
${inspectorLink(journeyId)}`,
    mainAttributes: consentId ? html` data-error-code="${error.code}" data-consent-id="${consentId}"` : html` data-error-code="${error.code}"`,
  });
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
  return fintechPage({
    fintechName,
    id: 'callback-relay',
    title: 'Finishing the connection',
    step: FINTECH_STEPS.backFromBank,
    body: html`<form id="authorization-response" method="post" action="/callback"><noscript><p>Your bank's answer is in the part of this address after "#", which only this page's script can pass on. Please enable JavaScript, or send those parameters as a form to POST /callback.</p></noscript></form>
<script>${new SafeHtml(RELAY_SCRIPT)}</script>`,
  });
}
