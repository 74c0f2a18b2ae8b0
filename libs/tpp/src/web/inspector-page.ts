import { formatDateTime, html, type SafeHtml } from '@fapi/web-pages';
import { describeProtocol } from '../fintech-protocol';
import type { DecodedJwt, JourneyRecord, Party, RecordedStep, StepKind } from '../inspector/journey-record';
import { fintechPage } from './fintech-page';

/** Where the inspector's own files are served (inspector-assets.ts): the diagram library, its start script, the styles. */
export const INSPECTOR_ASSETS_PATH = '/inspector';

/**
 * The journey page's policy: scripts only from this origin (the diagram library from node_modules and the script that
 * starts it, both served by the fintech itself), never from a CDN. Mermaid draws the diagram with inline styles (a
 * `<style>` in the SVG and style attributes), which no hash can allow ahead of time, so this page alone allows inline
 * styles; it shows no form and nothing typed by anyone but the fintech's own records, escaped.
 */
export const INSPECTOR_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const journeyPath = (journeyId: string) => `/journeys/${encodeURIComponent(journeyId)}`;

/** The link from the page that ends a journey (success or failure) to its inspector page. */
export const inspectorLink = (journeyId: string | undefined): SafeHtml | string =>
  journeyId ? html`<p class="hint"><a id="inspector-link" href="${journeyPath(journeyId)}">See every step of this journey</a> (the flow inspector: requests, tokens and the rules they follow)</p>` : '';

/** What each kind of step is called in the list and the diagram. */
const STEP_LABELS: Record<StepKind, string> = {
  discovery: 'Discovery',
  'as-keys': 'AS keys',
  'bank-keys': 'Bank keys',
  'client-credentials': 'Client-credentials token',
  'account-access-consent': 'Account-access consent',
  'payment-consent': 'Payment consent',
  par: 'PAR',
  authorization: 'Authorization',
  callback: 'Authorization response',
  'code-exchange': 'Token',
  'account-read': 'Bank call',
  'consent-deletion': 'Consent deleted',
  'payment-submission': 'Payment',
  'payment-read': 'Payment status',
  'dpop-nonce-challenge': 'DPoP nonce',
  'fintech-refusal': 'Refused by the fintech',
  other: 'Call',
};

/** The authorization response is named by how it is protected (the step list shows "JARM response", "hybrid response"). */
const RESPONSE_LABELS: Record<JourneyRecord['protocol']['response'], string> = {
  jarm: 'JARM response',
  hybrid: 'Hybrid response (ID Token as detached signature)',
  plain: 'Authorization response (code, state, iss)',
};

const stepLabel = (journey: JourneyRecord, step: RecordedStep) => (step.kind === 'callback' ? RESPONSE_LABELS[journey.protocol.response] : STEP_LABELS[step.kind]);

const PURPOSES: Record<JourneyRecord['purpose'], string> = { 'account-access': 'Account sharing', 'domestic-payment': 'Payment' };

const DIAGRAM_PARTIES: Record<Party, string> = { browser: 'B', fintech: 'F', as: 'AS', bank: 'Bank' };

/** Text a sequence-diagram message can hold: no statement separator, entity or markup characters. */
const diagramText = (text: string) => text.replace(/[;#<>{}"]/g, ' ');

/** The OB API's common prefix, left out of the diagram's arrows (the step list shows whole URLs). */
const OB_API_PREFIX = /^(\w+ )\/open-banking\/v[\d.]+/;

/**
 * The journey as Mermaid sequence-diagram source: one arrow per step and its answer (a crossed arrow when it failed),
 * the consent's status as a note where the bank reported it.
 */
export function sequenceDiagram(journey: JourneyRecord): string {
  const lines = [
    'sequenceDiagram',
    '  participant B as PSU browser',
    '  participant F as Fintech',
    '  participant AS as Authorization server',
    '  participant Bank as Bank API',
  ];
  for (const step of journey.steps) {
    const from = DIAGRAM_PARTIES[step.from];
    const to = DIAGRAM_PARTIES[step.to];
    const request = step.method && step.kind !== 'authorization' ? ` (${step.title.replace(OB_API_PREFIX, '$1')})` : '';
    lines.push(`  ${from}->>${to}: ${step.number}. ${diagramText(`${stepLabel(journey, step)}${request}`)}`);
    if (step.kind === 'authorization') lines.push('  Note over B,AS: the PSU signs in and decides at the bank, which the fintech never sees');
    if (step.status !== undefined || step.failure) {
      const arrow = step.failure ? '--x' : '-->>';
      if (from !== to) lines.push(`  ${to}${arrow}${from}: ${diagramText(step.failure ?? String(step.status))}`);
      else lines.push(`  Note over ${from}: ${diagramText(step.failure ?? String(step.status))}`);
    }
    if (step.consentStatus) lines.push(`  Note over Bank: consent ${diagramText(step.consentStatus)}`);
  }
  return lines.join('\n');
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

function signatureVerdict(jwt: DecodedJwt): SafeHtml {
  if (!jwt.signature) return html`<p class="signature">Signature not checked yet.</p>`;
  return jwt.signature.verified
    ? html`<p class="signature signature-ok" data-verified="true">Signature verified with ${jwt.signature.key}.</p>`
    : html`<p class="signature signature-bad" data-verified="false">Signature not verified: ${jwt.signature.reason}.</p>`;
}

const decodedJwt = (jwt: DecodedJwt) => html`<section class="jwt" data-label="${jwt.label}">
<h5>${jwt.label}</h5>
${signatureVerdict(jwt)}
<div class="jwt-part"><p class="hint">Header</p><pre class="jwt-header">${json(jwt.header)}</pre></div>
<div class="jwt-part">${jwt.claims ? html`<p class="hint">Claims</p><pre class="jwt-claims">${json(jwt.claims)}</pre>` : html`<p class="hint">Its payload is the body, signed as sent (detached signature).</p>`}</div>
</section>`;

const fields = (heading: string, className: string, values: Record<string, unknown> | undefined) =>
  values && Object.keys(values).length ? html`<h4>${heading}</h4><pre class="${className}">${json(values)}</pre>` : '';

function stepItem(journey: JourneyRecord, step: RecordedStep): SafeHtml {
  const failed = step.failure !== undefined;
  const headers = { ...step.requestHeaders };
  return html`<li id="step-${step.number}" class="step${failed ? ' failed' : ''}" data-kind="${step.kind}">
<details${journey.failure?.step === step.number ? ' open' : ''}>
<summary><span class="step-number">${step.number}</span><span class="step-label">${stepLabel(journey, step)}</span><span class="step-title">${step.title}</span>${step.status !== undefined ? html`<span class="step-status${step.status >= 400 ? ' refused' : ''}">${step.status}</span>` : ''}</summary>
<div class="step-body">
<p class="rule">${step.rule}</p>
${failed ? html`<div class="error-note"><p class="step-failure">${step.failure}</p></div>` : ''}
<dl class="summary">
${step.method ? html`<dt>Request</dt><dd><code>${step.method} ${step.url ?? ''}</code></dd>` : step.url ? html`<dt>To</dt><dd><code>${step.url}</code></dd>` : ''}
${step.status !== undefined ? html`<dt>Status</dt><dd>${step.status}</dd>` : ''}
${Object.entries(headers).map(([name, value]) => html`<dt><code>${name}</code></dt><dd><code>${value}</code></dd>`)}
${Object.entries(step.responseHeaders).map(([name, value]) => html`<dt><code>${name}</code> (answer)</dt><dd><code>${value}</code></dd>`)}
${step.pkce ? html`<dt>PKCE</dt><dd><code class="pkce-challenge">code_challenge=${step.pkce.codeChallenge}</code> (${step.pkce.method}); the verifier stays with the fintech until the token request</dd>` : ''}
${step.consentStatus ? html`<dt>Consent status</dt><dd class="consent-status">${step.consentStatus}</dd>` : ''}
<dt>When</dt><dd>${formatDateTime(step.at)}</dd>
</dl>
${fields('Sent', 'step-request', step.request)}
${fields('Answer', 'step-response', step.response)}
${step.jwts.length ? html`<h4>JWTs, decoded</h4>${step.jwts.map(decodedJwt)}` : ''}
</div>
</details>
</li>`;
}

/**
 * A journey, step by step, for a trainer and a class: the sequence diagram of what actually happened (drawn in the
 * page by the diagram library; its source shows without script), then every step with the rule it follows, its
 * headers, fields and decoded JWTs. A failed journey says which step failed and why, and opens that step. Prints with
 * every step open and without the page's links.
 */
export function inspectorPage(fintechName: string, journey: JourneyRecord): SafeHtml {
  const failure = journey.failure;
  const failureNote = failure
    ? html`<div class="error-note" role="alert" id="journey-failure"><p>This journey failed at <a href="#step-${failure.step}">step ${failure.step}</a>: ${failure.reason} <code class="error-code">${failure.code}</code></p></div>`
    : '';
  return fintechPage({
    fintechName,
    id: 'journey',
    title: `${PURPOSES[journey.purpose]}, step by step`,
    wide: true,
    head: html`<link rel="stylesheet" href="${INSPECTOR_ASSETS_PATH}/inspector.css"><script src="${INSPECTOR_ASSETS_PATH}/mermaid.min.js" defer></script><script src="${INSPECTOR_ASSETS_PATH}/inspector.js" defer></script>`,
    mainAttributes: html` data-journey-id="${journey.id}" data-outcome="${failure ? 'failed' : 'ok'}"`,
    body: html`<p class="lead">${describeProtocol(journey.protocol)}</p>
<p class="hint">Started ${formatDateTime(journey.startedAt)} · <code>x-fapi-interaction-id</code> <code id="interaction-id">${journey.id}</code>: the AS, the bank and the consent service log it too.</p>
${failureNote}
<div class="actions inspector-actions"><a class="button secondary" id="export-link" href="${journeyPath(journey.id)}.json" download>Download as JSON</a><a class="button secondary" href="/">Back to start</a></div>
<h2>What happened</h2>
<div class="diagram"><pre class="mermaid" id="sequence-diagram">${sequenceDiagram(journey)}</pre></div>
<h2>Every step</h2>
<p class="hint">Open a step to see what was sent and received. Tokens and codes show only their first characters; signed JWTs are decoded, never shown whole; no key or password is ever recorded.</p>
<ol class="inspector-steps">${journey.steps.map((step) => stepItem(journey, step))}</ol>
${journey.stepsOmitted ? html`<p class="hint">${journey.stepsOmitted} later steps were not kept.</p>` : ''}`,
  });
}

/** The journey as JSON, for a class handout or a bug report: the same record the page shows, as redacted. */
export const journeyExport = (journey: JourneyRecord): string => `${json(journey)}\n`;

/** A journey this browser did not run, or one the fintech no longer keeps. */
export function unknownJourneyPage(fintechName: string): SafeHtml {
  return fintechPage({
    fintechName,
    id: 'unknown-journey',
    title: 'No such journey here',
    body: html`<p>This browser ran no journey with that id, or it was long enough ago that ${fintechName} no longer keeps it (only the latest journeys are kept).</p>
<div class="actions"><a class="button" href="/">Back to start</a></div>`,
  });
}
