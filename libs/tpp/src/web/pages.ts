import { createHash } from 'node:crypto';
import type { ObBalance, ObTransaction, SharedAccount } from '../account-information';
import { html, SafeHtml } from './html';
import type { JourneyErrorView } from './journey-error';

/** How many transactions each account shows, newest first. */
export const RECENT_TRANSACTIONS = 50;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
td.amount{text-align:right;font-variant-numeric:tabular-nums}.account{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}
button{font-size:1rem;padding:.5rem 1rem}.error-code{font-weight:bold}`;

/** Every page: the fintech's name on top, one `<main>` whose id names the page (tests find pages by it). */
function layout(fintechName: string, pageId: string, title: string, content: SafeHtml, mainAttributes: SafeHtml = html``): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
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

const connectForm = (label: string) =>
  html`<form method="post" action="/connect"><button id="connect" type="submit">${label}</button></form>`;

export function homePage(fintechName: string, connected: boolean): SafeHtml {
  const content = connected
    ? html`<p>Your bank is connected.</p><p><a id="accounts-link" href="/accounts">See your accounts</a></p>${connectForm('Connect again')}`
    : html`<p>${fintechName} shows your accounts, balances and transactions once you let your bank share them.</p>${connectForm('Connect your bank')}`;
  return layout(fintechName, 'home', 'Welcome', content);
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
