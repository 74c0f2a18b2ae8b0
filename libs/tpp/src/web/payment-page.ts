import { formatDate, formatMoney, formatTime, html, type SafeHtml } from '@fapi/web-pages';
import { sortCodeAndAccountNumber } from '../account-words';
import type { DomesticPayment, PaymentProgress } from '../payment-initiation-client';
import { paymentReference } from '../payment-order';
import { paymentStatusLabel, paymentStatusReason, paymentStillMoving } from '../payment-status';
import type { FintechProtocol } from '../fintech-protocol';
import { FINTECH_STEPS, fintechPage, protocolNote } from './fintech-page';
import { inspectorLink } from './inspector-page';

/** How often the status page reloads itself while settlement is still under way. */
export const PAYMENT_REFRESH_SECONDS = 3;

/** One status the payment went through: when, and (for a rejection) why, in words and as the bank's code. */
interface StatusStep {
  status: string;
  at: string;
  reasonCode?: string;
  reason?: string;
}

/**
 * The statuses in the order they happened: received (the payment's CreationDateTime: payment-details has no RCVD in
 * v4.0), then each step of payment-details. The current status ends the list even when payment-details lags behind it.
 */
export function statusSteps({ payment, steps }: PaymentProgress): StatusStep[] {
  const history: StatusStep[] = [
    { status: 'RCVD', at: payment.CreationDateTime },
    ...steps.map((step) => ({
      status: step.Status,
      at: step.StatusUpdateDateTime,
      reasonCode: step.StatusDetail?.StatusReason,
      reason: paymentStatusReason(step.StatusDetail?.StatusReason, step.StatusDetail?.StatusReasonDescription),
    })),
  ];
  if (history.at(-1)?.status !== payment.Status) history.push({ status: payment.Status, at: payment.StatusUpdateDateTime, ...rejection(payment) });
  return history;
}

/** Why the bank rejected the payment (its StatusReason), in words and as the code. */
function rejection(payment: DomesticPayment): { reasonCode?: string; reason?: string } {
  const [first] = payment.StatusReason ?? [];
  return first ? { reasonCode: first.StatusReasonCode, reason: paymentStatusReason(first.StatusReasonCode, first.StatusReasonDescription) } : {};
}

const when = (at: string) => html`${formatDate(at)}, ${formatTime(at)}`;

function history(steps: StatusStep[]): SafeHtml {
  return html`<ol class="timeline status-history">
${steps.map(
  (step) => html`<li class="status-step${step.status === 'RJCT' ? ' rejected' : ''}" data-status="${step.status}"><span class="status-step-label">${paymentStatusLabel(step.status)}</span> <span class="code-detail"><code>${step.status}</code></span><span class="hint status-step-time">${when(step.at)}</span>${step.reason ? html`<span class="hint status-step-reason" data-reason-code="${step.reasonCode ?? ''}">${step.reason}</span>` : ''}</li>
`,
)}</ol>`;
}

/** Sort code and account number apart, else the identification under its scheme. */
/** Whose account the rows are about, and the words that label them. */
const ACCOUNT_ROW_LABELS = {
  payee: { sortCode: 'Sort code', accountNumber: 'Account number', account: 'Account' },
  debtor: { sortCode: 'Your sort code', accountNumber: 'Your account number', account: 'Your account' },
};

function accountRows(party: 'payee' | 'debtor', schemeName: string | undefined, identification: string | undefined): SafeHtml {
  const labels = ACCOUNT_ROW_LABELS[party];
  const split = sortCodeAndAccountNumber(schemeName, identification);
  if (split) {
    return html`<dt>${labels.sortCode}</dt><dd class="${party}-sort-code">${split.sortCode}</dd><dt>${labels.accountNumber}</dt><dd class="${party}-account-number">${split.accountNumber}</dd>`;
  }
  return identification ? html`<dt>${labels.account}</dt><dd class="${party}-account" data-scheme-name="${schemeName ?? ''}">${identification}</dd>` : html``;
}

/** The account that paid, as the bank names it (Data.Debtor); until it does, where the PSU chose it. */
function debtor(payment: DomesticPayment): SafeHtml {
  const account = payment.Debtor;
  if (!account?.Identification) return html`<dt>Paid from</dt><dd class="debtor-unknown">The account you chose at your bank</dd>`;
  return html`<dt>Paid from</dt><dd class="debtor-name">${account.Name ?? 'Your account'}</dd>${accountRows('debtor', account.SchemeName, account.Identification)}`;
}

/**
 * A payment as the bank has it now: its status in words (and why, when rejected), what was paid to whom from which
 * account, and the steps it went through with their times: `main#payment[data-payment-id][data-status]`. Settlement
 * is asynchronous, so while the payment can still move the page reloads itself (meta refresh, no script).
 */
export function paymentPage(fintechName: string, progress: PaymentProgress, protocol: FintechProtocol, journeyId?: string): SafeHtml {
  const { payment } = progress;
  const { Initiation: initiation, Status: status } = payment;
  const moving = paymentStillMoving(status);
  const path = `/payments/${encodeURIComponent(payment.DomesticPaymentId)}`;
  const reference = paymentReference(initiation);
  const rejected = status === 'RJCT' ? rejection(payment) : undefined;
  const amount = initiation.InstructedAmount;
  return fintechPage({
    fintechName,
    id: 'payment',
    title: 'Your payment',
    step: FINTECH_STEPS.payment,
    body: html`<p class="lead">Status: <strong class="payment-status" data-status="${status}">${paymentStatusLabel(status)}</strong> <span class="code-detail"><code class="payment-status-code">${status}</code></span></p>
${rejected ? html`<div class="error-note" role="alert"><p>Your bank rejected this payment: <span class="payment-status-reason" data-reason-code="${rejected.reasonCode ?? ''}">${rejected.reason ?? 'it gave no reason'}</span></p></div>` : ''}
${moving ? html`<p class="notice payment-in-progress" role="status">Your bank is still processing this payment; this page updates itself every ${PAYMENT_REFRESH_SECONDS} seconds.</p>` : ''}
<dl class="summary payment">
<dt>Amount</dt><dd class="payment-amount" data-amount="${amount.Amount}" data-currency="${amount.Currency}">${formatMoney(amount.Amount, amount.Currency)}</dd>
<dt>Payee</dt><dd class="payee-name">${initiation.CreditorAccount.Name ?? ''}</dd>
${accountRows('payee', initiation.CreditorAccount.SchemeName, initiation.CreditorAccount.Identification)}
${reference !== undefined ? html`<dt>Reference</dt><dd class="payment-reference">${reference}</dd>` : ''}
${debtor(payment)}
</dl>
<h2>What happened</h2>
${history(statusSteps(progress))}
<details class="developer-details"><summary>Details for developers</summary><dl class="summary">
<dt><code>DomesticPaymentId</code></dt><dd class="payment-id"><code>${payment.DomesticPaymentId}</code></dd>
<dt><code>ConsentId</code></dt><dd class="consent-id"><code>${payment.ConsentId}</code></dd>
<dt><code>StatusUpdateDateTime</code></dt><dd class="status-update-date-time"><code>${payment.StatusUpdateDateTime}</code></dd>
</dl></details>
<div class="actions"><a class="button secondary" id="refresh-link" href="${path}">Check the status again</a><a class="button secondary" id="new-payment-link" href="/pay">Make another payment</a></div>
<p><a href="/">Back to start</a></p>
${protocolNote(protocol)}
${inspectorLink(journeyId)}`,
    mainAttributes: html` data-payment-id="${payment.DomesticPaymentId}" data-status="${status}" data-consent-id="${payment.ConsentId}"`,
    head: moving ? html`<meta http-equiv="refresh" content="${PAYMENT_REFRESH_SECONDS}">` : undefined,
  });
}
