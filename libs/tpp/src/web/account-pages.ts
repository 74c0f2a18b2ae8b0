import { formatDate, formatDateTime, formatMoney, formTokenField, html, type SafeHtml } from '@fapi/web-pages';
import type { AccountSummary, ObAccount, ObBalance, ObTransaction, SharedAccount } from '../account-information';
import {
  ACCOUNT_CATEGORY_LABELS,
  ACCOUNT_SCHEME_LABELS,
  ACCOUNT_TYPE_LABELS,
  accountName,
  BALANCE_TYPE_LABELS,
  inWords,
  sortCodeAndAccountNumber,
  TRANSACTION_STATUS_LABELS,
} from '../account-words';
import type { FintechProtocol } from '../fintech-protocol';
import { FINTECH_STEPS, fintechPage, protocolNote } from './fintech-page';
import { inspectorLink } from './inspector-page';
import type { ListPage } from './paging';

/*
 * The shared accounts in people's words: names, "Current account", sort code and account number apart, balances and
 * transactions as money (debits told apart from credits), dates as people read them. The OB codes stay as secondary
 * detail (`.code-detail`, "Details for developers") and in data- attributes, which tests read.
 */

/** An OB code next to the words it was shown as: small, for developers. */
const codeDetail = (code: string) => html`<span class="code-detail"><code>${code}</code></span>`;

/** The account's own path, at a page of its transactions. */
export const accountPath = (accountId: string, page?: number) => `/accounts/${encodeURIComponent(accountId)}${page && page > 1 ? `?page=${page}` : ''}`;

/** "Current account · Personal", from AccountTypeCode and AccountCategory, when the bank sent them. */
function accountKind(account: ObAccount): SafeHtml {
  const parts = [
    account.AccountTypeCode ? inWords(ACCOUNT_TYPE_LABELS, account.AccountTypeCode) : undefined,
    account.AccountCategory ? inWords(ACCOUNT_CATEGORY_LABELS, account.AccountCategory) : undefined,
  ].filter(Boolean);
  return parts.length ? html`<p class="account-kind hint">${parts.join(' · ')}</p>` : html``;
}

/** Sort code and account number apart; any other scheme as its identification under the scheme's name. */
function identifications(account: ObAccount): SafeHtml {
  return html`${(account.Account ?? []).map((identification) => {
    const split = sortCodeAndAccountNumber(identification.SchemeName, identification.Identification);
    if (split) {
      return html`<dt>Sort code</dt><dd class="sort-code">${split.sortCode}</dd><dt>Account number</dt><dd class="account-number">${split.accountNumber}</dd>`;
    }
    return html`<dt>${inWords(ACCOUNT_SCHEME_LABELS, identification.SchemeName)}</dt><dd class="account-identification" data-scheme-name="${identification.SchemeName}">${identification.Identification}</dd>`;
  })}`;
}

/** Each balance in words ("Available balance"), as money: a debit balance (overdrawn) is shown negative. */
function balances(list: ObBalance[]): SafeHtml {
  if (list.length === 0) return html`<p class="no-balances">Your bank shared no balances for this account.</p>`;
  return html`<dl class="summary balances">
${list.map(
  (b) => html`<dt class="balance-type">${inWords(BALANCE_TYPE_LABELS, b.Type)} ${codeDetail(b.Type)}</dt><dd class="balance" data-balance-type="${b.Type}" data-amount="${b.Amount.Amount}" data-credit-debit="${b.CreditDebitIndicator}">${formatMoney(b.Amount.Amount, b.Amount.Currency, b.CreditDebitIndicator === 'Debit' ? { creditDebit: 'Debit' } : {})}<span class="hint">at ${formatDateTime(b.DateTime)}</span></dd>
`,
)}</dl>`;
}

/** What the bank says about an account in its own codes, for developers (a disclosure: no script needed). */
function developerDetails(account: ObAccount, consentId?: string): SafeHtml {
  const rows: Array<[string, string | undefined]> = [
    ['AccountId', account.AccountId],
    ['AccountTypeCode', account.AccountTypeCode],
    ['AccountCategory', account.AccountCategory],
    ['Currency', account.Currency],
    ...(account.Account ?? []).map((i): [string, string] => [i.SchemeName, i.Identification]),
    ['ConsentId', consentId],
  ];
  return html`<details class="developer-details"><summary>Details for developers</summary><dl class="summary">
${rows.filter(([, value]) => value !== undefined).map(([label, value]) => html`<dt><code>${label}</code></dt><dd><code>${value}</code></dd>`)}</dl></details>`;
}

function accountCard(summary: AccountSummary): SafeHtml {
  const { account } = summary;
  return html`<section class="card account" data-account-id="${account.AccountId}">
<h2 class="account-nickname">${accountName(account)}</h2>
${accountKind(account)}
<dl class="summary identification">${identifications(account)}</dl>
${balances(summary.balances)}
<p><a class="account-link" href="${accountPath(account.AccountId)}">See the transactions<span class="visually-hidden"> of ${accountName(account)}</span></a></p>
${developerDetails(account)}
</section>`;
}

/** "Disconnect your bank": on the accounts page, and on the home page (reachable even when the bank refuses to share). */
export const disconnectForm = (fintechName: string, formToken: string, consentId?: string) => html`<section class="disconnect" aria-labelledby="disconnect-heading">
<h2 id="disconnect-heading">Stop sharing</h2>
<p>Disconnecting ends the access you gave ${fintechName} at your bank: we can no longer read your accounts.</p>
${consentId ? html`<p class="hint">Consent ${codeDetail(consentId)}</p>` : ''}
<form method="post" action="/disconnect">${formTokenField(formToken)}<div class="actions"><button id="disconnect" class="secondary" type="submit">Disconnect your bank</button></div></form>
</section>`;

/**
 * Every shared account with its balances, each linking to its transactions; "Make a payment"; and "Disconnect" (the
 * bank deletes the consent). `formToken`: the session's anti-forgery token, sent back with the disconnect form;
 * `journeyId`: the journey that led here, linked to its flow inspector page.
 */
export function accountsPage(
  fintechName: string,
  consentId: string,
  accounts: AccountSummary[],
  formToken: string,
  protocol: FintechProtocol,
  journeyId?: string,
): SafeHtml {
  const content = accounts.length ? html`${accounts.map(accountCard)}` : html`<p id="no-accounts">Your bank shared no accounts.</p>`;
  return fintechPage({
    fintechName,
    id: 'accounts',
    title: 'Your accounts',
    step: FINTECH_STEPS.accounts,
    wide: true,
    body: html`<p class="lead">What your bank shares with ${fintechName}, as it is now.</p>
${content}
<div class="actions"><a class="button" id="pay-link" href="/pay">Make a payment</a></div>
${disconnectForm(fintechName, formToken, consentId)}
<p><a href="/">Back to start</a></p>
${protocolNote(protocol)}
${inspectorLink(journeyId)}`,
    mainAttributes: html` data-consent-id="${consentId}"`,
  });
}

/** What a transaction was, in the words people recognise first: the merchant, else the bank's description. */
function transactionDescription(t: ObTransaction): SafeHtml {
  const merchant = t.MerchantDetails?.MerchantName;
  const primary = merchant ?? t.TransactionInformation ?? t.TransactionReference ?? '';
  const secondary = merchant && t.TransactionInformation && t.TransactionInformation !== merchant ? t.TransactionInformation : undefined;
  const status = t.Status === 'BOOK' ? undefined : inWords(TRANSACTION_STATUS_LABELS, t.Status);
  return html`<span class="description">${primary}</span>${secondary ? html`<span class="hint transaction-information">${secondary}</span>` : ''}${status ? html`<span class="hint transaction-status" data-status="${t.Status}">${status}</span>` : ''}`;
}

const newestFirst = (a: ObTransaction, b: ObTransaction) => b.BookingDateTime.localeCompare(a.BookingDateTime);

/** The newest transactions first, as the PSU pages through them. */
export const transactionsInPageOrder = (transactions: ObTransaction[]) => [...transactions].sort(newestFirst);

/** Previous / next links around "Page 2 of 4"; none beyond either end. */
function pager(accountId: string, page: ListPage<ObTransaction>): SafeHtml {
  if (page.count === 1) return html``;
  const last = page.first + page.items.length - 1;
  return html`<nav class="pager" aria-label="Transaction pages">
${page.number > 1 ? html`<a rel="prev" href="${accountPath(accountId, page.number - 1)}">Newer transactions</a>` : ''}
<span class="pager-position">Page ${page.number} of ${page.count} (transactions ${page.first} to ${last} of ${page.total})</span>
${page.number < page.count ? html`<a rel="next" href="${accountPath(accountId, page.number + 1)}">Older transactions</a>` : ''}
</nav>`;
}

function transactionsTable(accountId: string, page: ListPage<ObTransaction>): SafeHtml {
  if (page.total === 0) return html`<p class="no-transactions">Your bank shared no transactions for this account.</p>`;
  return html`${pager(accountId, page)}<div class="table-wrap"><table class="transactions">
<caption class="visually-hidden">Transactions, newest first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead><tbody>
${page.items.map(
  (t) => html`<tr class="transaction" data-transaction-id="${t.TransactionId ?? ''}"><td class="booking-date">${formatDate(t.BookingDateTime)}</td><td>${transactionDescription(t)}</td><td class="num amount" data-amount="${t.Amount.Amount}" data-credit-debit="${t.CreditDebitIndicator}">${formatMoney(t.Amount.Amount, t.Amount.Currency, { creditDebit: t.CreditDebitIndicator })}</td></tr>
`,
)}</tbody></table></div>${pager(accountId, page)}`;
}

/** One account: its details and balances, and one page of its transactions, newest first. */
export function accountPage(fintechName: string, consentId: string, shared: SharedAccount, page: ListPage<ObTransaction>): SafeHtml {
  const { account } = shared;
  return fintechPage({
    fintechName,
    id: 'account',
    title: accountName(account),
    step: FINTECH_STEPS.accounts,
    wide: true,
    body: html`${accountKind(account)}
<dl class="summary identification">${identifications(account)}</dl>
<h2>Balances</h2>
${balances(shared.balances)}
<h2>Transactions</h2>
${transactionsTable(account.AccountId, page)}
${developerDetails(account, consentId)}
<div class="actions"><a class="button secondary" href="/accounts">All your accounts</a><a class="button secondary" id="pay-link" href="/pay">Make a payment</a></div>`,
    mainAttributes: html` data-account-id="${account.AccountId}" data-consent-id="${consentId}" data-page="${page.number}" data-pages="${page.count}"`,
  });
}

/** The PSU disconnected: the bank ended the consent, and the fintech forgot its tokens. */
export function disconnectedPage(fintechName: string, consentId: string, formToken: string): SafeHtml {
  return fintechPage({
    fintechName,
    id: 'disconnected',
    title: 'Your bank is disconnected',
    step: FINTECH_STEPS.disconnected,
    body: html`<div class="notice" role="status"><p>Your bank has ended the access you gave ${fintechName}, and we have deleted our keys to it. We can no longer read your accounts.</p></div>
<p class="hint">Consent ${codeDetail(consentId)} ended.</p>
<form method="post" action="/connect">${formTokenField(formToken)}<div class="actions"><button id="connect" type="submit">Connect your bank again</button><a class="button secondary" href="/">Back to start</a></div></form>`,
    mainAttributes: html` data-consent-id="${consentId}"`,
  });
}
