import type { ConsoleRecord, DecodedJwtRecord } from '@fapi/nats-contract';
import { type RefusalRule } from '@fapi/refusal-catalogue';
import { formatDateTime, html, page, type SafeHtml } from '@fapi/web-pages';
import { rulesPageUrl } from '../docs/rules-page';
import { BANK } from '../interactions/pages';

/** Where the console lives on the issuer: the page, its JSON, the login-link endpoint and where a link lands. */
export const CONSOLE_PATHS = {
  page: '/console',
  requests: '/console/requests',
  login: '/console/login',
  enter: '/console/enter',
} as const;

/** What the console page shows: whose records, which filter, and the records (newest first). */
export interface ConsoleView {
  issuer: string;
  clientId: string;
  clientName?: string;
  interaction?: string;
  records: readonly ConsoleRecord[];
}

const SERVICE_NAMES: Record<ConsoleRecord['service'], string> = { 'authorization-server': 'Authorization server', bank: 'Bank' };

const decoded = (jwt: DecodedJwtRecord) =>
  html`<details class="console-jwt"><summary>${jwt.label[0].toUpperCase()}${jwt.label.slice(1)}: header and claims</summary>
<pre><code>${JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2)}</code></pre></details>`;

function refusal(issuer: string, record: ConsoleRecord): SafeHtml {
  if (record.verdict !== 'refused') return html``;
  const rule = record.rule ? html` <a class="console-rule" href="${rulesPageUrl(issuer, record.rule)}">rule <code>${record.rule}</code></a>` : html``;
  return html`<p class="console-refusal"><strong>${record.error ?? 'refused'}</strong>${rule}</p>
${record.description ? html`<p class="console-description">${record.description}</p>` : ''}`;
}

const entry = (issuer: string, record: ConsoleRecord) =>
  html`<li class="console-record console-${record.verdict}" data-service="${record.service}"${record.rule ? html` data-rule="${record.rule}"` : ''}>
<p class="console-line"><span class="console-status">${String(record.status)}</span> <code class="console-request">${record.method} ${record.endpoint}</code></p>
<p class="console-meta">${formatDateTime(record.at)} · ${SERVICE_NAMES[record.service]} · ${record.verdict}${
    record.interactionId ? html` · interaction <a href="?interaction=${record.interactionId}"><code>${record.interactionId}</code></a>` : ''
  }</p>
${refusal(issuer, record)}${(record.jwts ?? []).map(decoded)}</li>\n`;

/** The console of one client: its recent requests at the AS and the bank, newest first, each refusal linked to its rule. */
export function consolePage(view: ConsoleView): SafeHtml {
  const filter = html`<form class="console-filter" method="get" action="${CONSOLE_PATHS.page}">
<div class="field"><label for="interaction">Interaction id</label><span class="hint" id="interaction-hint">The <code>x-fapi-interaction-id</code> you sent, or one the bank answered with.</span>
<input type="text" id="interaction" name="interaction" aria-describedby="interaction-hint" value="${view.interaction ?? ''}"></div>
<div class="actions"><button type="submit">Filter</button>${view.interaction ? html`<a class="button secondary" href="${CONSOLE_PATHS.page}">Show all</a>` : ''}</div></form>`;
  const refused = view.records.filter((record) => record.verdict === 'refused').length;
  const summary = view.records.length
    ? html`<p class="lead">${String(view.records.length)} request${view.records.length === 1 ? '' : 's'}${view.interaction ? html` in interaction <code>${view.interaction}</code>` : ''}, ${String(refused)} refused. Newest first; kept for 24 hours. The same as JSON: <a href="${CONSOLE_PATHS.requests}${view.interaction ? `?interaction=${view.interaction}` : ''}"><code>${CONSOLE_PATHS.requests}</code></a>.</p>`
    : html`<p class="lead">No requests${view.interaction ? html` in interaction <code>${view.interaction}</code>` : ''} yet. Requests your client sends to the authorization server and the bank appear here within a second.</p>`;
  return page({
    brand: BANK,
    title: 'Developer console',
    id: 'console',
    wide: true,
    mainAttributes: html` data-client-id="${view.clientId}"`,
    body: html`<p>Client <strong>${view.clientName ?? view.clientId}</strong> (<code>${view.clientId}</code>). Every refusal names the rule it broke: follow the link for what the rule expects. Request objects and client assertions are shown decoded; their signatures, tokens, codes and keys are never kept.</p>
${filter}${summary}
<ol class="console-records">
${view.records.map((record) => entry(view.issuer, record))}</ol>`,
  });
}

/** The page (or the JSON's words) a visitor without a way in gets: which rule refused it, and how to get in. */
export function consoleRefusalPage(issuer: string, rule: RefusalRule, description: string): SafeHtml {
  return page({
    brand: BANK,
    title: 'Developer console: sign in',
    id: 'console-refused',
    refused: true,
    body: html`<div class="error-note"><p>${description}</p><p><a href="${rulesPageUrl(issuer, rule.id)}">Rule <code>${rule.id}</code></a></p></div>
<h2>How to get in</h2>
<ul>
<li>Connect with your client's <strong>transport certificate</strong> (the one you are issued certificate-bound tokens with, or the one whose subject DN you registered for <code>tls_client_auth</code>), e.g. <code>curl --cert transport.pem --key transport.key ${issuer}${CONSOLE_PATHS.requests}</code>.</li>
<li>Or ask for a <strong>login link</strong>: <code>npm run console -- --client onboarded/your-fintech</code> prints one (it posts a private_key_jwt client assertion with <code>aud</code> <code>${issuer}${CONSOLE_PATHS.page}</code> to <code>${issuer}${CONSOLE_PATHS.login}</code>). A link opens the console once, within 10 minutes.</li>
</ul>`,
  });
}
