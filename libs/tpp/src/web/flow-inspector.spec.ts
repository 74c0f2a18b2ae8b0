import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { INSPECTOR_CSP } from './inspector-page';
import { CONSENT_ID, fapi2, ISSUER, type TppOverrides } from '../testing/fake-sandbox';
import { type Answer, type FintechApp, type INestApplication, startApp } from '../testing/fintech-app';
import type { JourneyRecord } from '../inspector/journey-record';

/** What the inspector shows of one journey: its page and its JSON export, as the browser that ran it gets them. */
interface Inspected {
  page: Answer;
  exported: Answer;
  journey: JourneyRecord;
  $: cheerio.CheerioAPI;
}

async function inspect(fintech: FintechApp, journeyPath: string, cookie: string): Promise<Inspected> {
  const page = await fintech.call('GET', journeyPath, cookie);
  const exported = await fintech.call('GET', `${journeyPath}.json`, cookie);
  return { page, exported, journey: JSON.parse(exported.html) as JourneyRecord, $: cheerio.load(page.html) };
}

/** The inspector link of the page that ended the journey. */
const inspectorLink = (answer: Answer) => cheerio.load(answer.html)('#inspector-link').attr('href') as string;

/** Connect (JARM unless overridden), authorise at the fake AS, and open the accounts page that ends the journey. */
async function shareAccounts(fintech: FintechApp) {
  const connect = await fintech.post('/connect');
  const pending = fintech.pendingAtTheAs(connect);
  const response =
    fintech.journey.protocol.response === 'jarm'
      ? await fintech.sandbox.jarm({ code: fintech.sandbox.issueCode(pending), state: pending.state })
      : fintech.sandbox.plain(pending);
  const callback = await fintech.call('GET', `/callback?${response}`, connect.cookie);
  const accounts = await fintech.call('GET', '/accounts', callback.cookie);
  return { connect, callback, cookie: callback.cookie as string, accounts };
}

const kinds = (journey: JourneyRecord) => journey.steps.map((step) => step.kind);
const stepOf = (journey: JourneyRecord, kind: string) => journey.steps.find((step) => step.kind === kind);
const jwtOf = (journey: JourneyRecord, kind: string, label: string) => stepOf(journey, kind)?.jwts.find((jwt) => jwt.label === label);

describe('the flow inspector shows the browser that ran a journey every step of it', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function started(overrides: TppOverrides = {}) {
    const fintech = await startApp(overrides);
    app = fintech.app;
    return fintech;
  }

  it('a JARM account-sharing journey: the accounts page links to it; PAR, authorization, JARM response, token and each bank call are listed, JWTs decoded and verified', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const { accounts, cookie } = await shareAccounts(fintech);
    const link = inspectorLink(accounts);
    expect(link).toMatch(/^\/journeys\/[0-9a-f-]{36}$/);
    const { page, journey, $ } = await inspect(fintech, link, cookie);

    expect(page.status).toBe(200);
    expect(page.csp).toBe(INSPECTOR_CSP);
    expect($('script[src]').map((_, script) => $(script).attr('src')).get()).toEqual(['/inspector/mermaid.min.js', '/inspector/inspector.js']);
    expect(kinds(journey)).toEqual([
      'client-credentials',
      'account-access-consent',
      'par',
      'authorization',
      'callback',
      'as-keys',
      'code-exchange',
      'account-read',
      'account-read',
      'account-read',
    ]);
    expect($('ol.inspector-steps > li .step-label').map((_, label) => $(label).text()).get()).toEqual([
      'Client-credentials token',
      'Account-access consent',
      'PAR',
      'Authorization',
      'JARM response',
      'AS keys',
      'Token',
      'Bank call',
      'Bank call',
      'Bank call',
    ]);
    expect(stepOf(journey, 'account-access-consent')?.consentStatus).toBe('AWAU');
    expect(jwtOf(journey, 'par', 'request object')?.claims).toMatchObject({ scope: 'openid accounts', code_challenge_method: 'S256' });
    expect(jwtOf(journey, 'par', 'client assertion (private_key_jwt)')?.signature).toEqual({ verified: true, key: "the fintech's key tpp-signing-1" });
    expect(jwtOf(journey, 'callback', 'JARM response')).toMatchObject({ claims: { iss: ISSUER, code: expect.stringMatching(/^code-\S{3}…$/) }, signature: { verified: true, key: "the AS's key as-PS256" } });
    expect(jwtOf(journey, 'code-exchange', 'ID Token')).toMatchObject({ claims: { openbanking_intent_id: CONSENT_ID }, signature: { verified: true } });
    expect(stepOf(journey, 'account-read')?.requestHeaders).toMatchObject({ 'x-fapi-interaction-id': journey.id, authorization: 'Bearer psu-toke…' });
    expect(stepOf(journey, 'authorization')?.pkce?.codeChallenge).toBe(jwtOf(journey, 'par', 'request object')?.claims?.code_challenge);
    expect($('#sequence-diagram').text()).toContain('F->>AS: 3. PAR (POST /request)');
  });

  it('serves the diagram library (mermaid, from node_modules), its start script and its styles (printing every step open) from its own origin', async () => {
    const fintech = await started();
    const mermaid = await fintech.call('GET', '/inspector/mermaid.min.js');
    expect({ status: mermaid.status, contentType: mermaid.contentType }).toEqual({ status: 200, contentType: 'text/javascript; charset=utf-8' });
    expect(mermaid.html).toBe(readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8'));
    expect((await fintech.call('GET', '/inspector/inspector.js')).html).toContain("securityLevel:'strict'");
    const css = (await fintech.call('GET', '/inspector/inspector.css')).html;
    const printed = css.slice(css.indexOf('@media print{'));
    expect(printed).toContain('.inspector-actions,.page-footer,#inspector-link{display:none}');
    expect(printed).toContain('details::details-content{content-visibility:visible;display:block}');
    expect((await fintech.call('GET', '/inspector/package.json')).status).toBe(404);
  });

  it('each step says which rule it satisfies, with the clause', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const { accounts, cookie } = await shareAccounts(fintech);
    const { journey, $ } = await inspect(fintech, inspectorLink(accounts), cookie);
    expect(stepOf(journey, 'par')?.rule).toMatch(/^FAPI 1\.0 Advanced 5\.2\.2-18: PKCE S256 with PAR/);
    expect(stepOf(journey, 'callback')?.rule).toMatch(/^JARM \(FAPI 1\.0 Advanced 5\.2\.2-2/);
    expect($('li[data-kind=code-exchange] .rule').text()).toMatch(/^RFC 8705 3/);
  });

  it('the JSON export is the same record, as a download', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const { accounts, cookie } = await shareAccounts(fintech);
    const { exported, journey, $ } = await inspect(fintech, inspectorLink(accounts), cookie);
    expect(exported.status).toBe(200);
    expect(exported.contentType).toBe('application/json; charset=utf-8');
    expect($('#export-link').attr('href')).toBe(`/journeys/${journey.id}.json`);
    expect(journey).toMatchObject({ purpose: 'account-access', protocol: { standard: 'FAPI 1.0 Advanced', response: 'jarm' } });
    expect($('ol.inspector-steps > li')).toHaveLength(journey.steps.length);
  });

  it('another browser gets neither the page nor the export of a journey it did not run (404)', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const { accounts } = await shareAccounts(fintech);
    const other = (await fintech.call('GET', '/')).cookie;
    for (const path of [inspectorLink(accounts), `${inspectorLink(accounts)}.json`]) {
      const answer = await fintech.call('GET', path, other);
      expect({ status: answer.status, id: cheerio.load(answer.html)('main').attr('id') }).toEqual({ status: 404, id: 'unknown-journey' });
      expect((await fintech.call('GET', path)).status).toBe(404);
    }
  });

  it('a journey the fintech refused at the callback (access_denied in the JARM response): the error page links to it, and it points at the refusal', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const connect = await fintech.post('/connect');
    const pending = fintech.pendingAtTheAs(connect);
    const callback = await fintech.call('GET', `/callback?${await fintech.sandbox.jarm({ error: 'access_denied', state: pending.state })}`, connect.cookie);
    const result = await fintech.call('GET', '/result', connect.cookie);
    const { journey, $ } = await inspect(fintech, inspectorLink(result), callback.cookie ?? (connect.cookie as string));
    const failed = journey.steps.at(-1);
    expect(failed).toMatchObject({ kind: 'fintech-refusal' });
    expect(journey.failure).toEqual({ step: failed?.number, code: 'access_denied', reason: 'You declined to share your accounts.' });
    expect($('#journey-failure a').attr('href')).toBe(`#step-${failed?.number}`);
    expect($(`li#step-${failed?.number}.failed > details[open]`)).toHaveLength(1);
    expect($('main#journey').attr('data-outcome')).toBe('failed');
  });

  it('a journey the bank refused (403 U009 reading the accounts, shown as 502): it points at that bank call, with the OB error', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const { cookie } = await shareAccounts(fintech);
    fintech.sandbox.accountAccessEnded = true;
    const refused = await fintech.call('GET', '/accounts', cookie);
    expect(refused.status).toBe(502);
    const { journey } = await inspect(fintech, inspectorLink(refused), cookie);
    const failed = journey.steps.at(-1);
    expect(failed).toMatchObject({ kind: 'account-read', status: 403, failure: 'the answer was 403 (U009: the consent is CANC)' });
    expect(journey.failure?.step).toBe(failed?.number);
  });

  it('a hybrid journey: the request object travels by value (decoded in the authorization step), the ID Token comes back as detached signature', async () => {
    const fintech = await started({ responseStyle: 'hybrid', authMethod: 'tls_client_auth' });
    const connect = await fintech.post('/connect');
    const callback = await fintech.call('POST', '/callback', connect.cookie, await fintech.sandbox.hybrid(fintech.pendingAtTheAs(connect)));
    const accounts = await fintech.call('GET', '/accounts', callback.cookie);
    const { journey, $ } = await inspect(fintech, inspectorLink(accounts), callback.cookie as string);
    expect(kinds(journey)).not.toContain('par');
    expect(stepOf(journey, 'authorization')?.request).toMatchObject({ response_type: 'code id_token', request: '(request object, decoded below)' });
    expect(jwtOf(journey, 'authorization', 'request object')?.signature).toEqual({ verified: true, key: "the fintech's key tpp-signing-1" });
    expect(jwtOf(journey, 'callback', 'ID Token')?.claims).toMatchObject({ c_hash: expect.any(String), s_hash: expect.any(String) });
    expect(stepOf(journey, 'callback')?.request?.code).toMatch(/^code-\S{3}…$/);
    expect($('li[data-kind=callback] .step-label').text()).toBe('Hybrid response (ID Token as detached signature)');
  });

  it('a DPoP-bound FAPI 2.0 journey shows each DPoP proof decoded, verified with its own key, and the access token sent as DPoP', async () => {
    const fintech = await started(fapi2('dpop', 'unsigned'));
    const { accounts, cookie } = await shareAccounts(fintech);
    const { journey } = await inspect(fintech, inspectorLink(accounts), cookie);
    for (const kind of ['par', 'code-exchange', 'account-read']) {
      expect(jwtOf(journey, kind, 'DPoP proof')).toMatchObject({
        header: { typ: 'dpop+jwt', jwk: expect.any(Object) },
        signature: { verified: true, key: expect.stringMatching(/^its own public key \(jwk\), thumbprint [\w-]{43}$/) },
      });
    }
    expect(jwtOf(journey, 'account-read', 'DPoP proof')?.claims).toHaveProperty('ath');
    expect(stepOf(journey, 'account-read')?.requestHeaders.authorization).toBe('DPoP psu-toke…');
    expect(stepOf(journey, 'callback')?.rule).toMatch(/^RFC 9207 2\.4/);
    expect(stepOf(journey, 'code-exchange')?.rule).toMatch(/^RFC 9449 5/);
  });

  it('a payment journey shows the idempotency key and both message signatures, verified against the fintech\'s and the bank\'s keys', async () => {
    const fintech = await started({ responseStyle: 'jarm' });
    const form = new URLSearchParams({ payeeName: 'Ava Lindqvist', sortCode: '99-00-01', accountNumber: '10000021', amount: '7.35', reference: 'Coffee' });
    const pay = await fintech.post('/pay', undefined, form);
    const pending = fintech.pendingAtTheAs(pay);
    const callback = await fintech.call('GET', `/callback?${await fintech.sandbox.jarm({ code: fintech.sandbox.issueCode(pending), state: pending.state })}`, pay.cookie);
    const payment = await fintech.call('GET', callback.location as string, callback.cookie);
    const { journey } = await inspect(fintech, inspectorLink(payment), callback.cookie as string);
    const consent = stepOf(journey, 'payment-consent');
    expect(consent?.requestHeaders['x-idempotency-key']).toMatch(/\S+/);
    expect(consent?.consentStatus).toBe('AWAU');
    expect(consent?.jwts.map((jwt) => [jwt.label, jwt.signature])).toEqual([
      ['x-jws-signature (the fintech signed the body)', { verified: true, key: "the fintech's key tpp-signing-1" }],
      ['x-jws-signature (the bank signed its answer)', { verified: true, key: "the bank's key bank-signing-1" }],
    ]);
    expect(stepOf(journey, 'payment-submission')?.rule).toMatch(/x-idempotency-key makes this POST safe to retry/);
  });
});

/** A PEM's base64 body, the part that would give a key away. */
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

describe('the flow inspector never shows a secret: not in its page, its JSON export or the fintech\'s log lines', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** Everything a journey left to see, its end a failure (for a log line): its page, its export and the fintech's log lines. */
  async function everythingShown(overrides: TppOverrides) {
    const logLines: string[] = [];
    const fintech = await startApp(overrides, { logLines });
    app = fintech.app;
    const { cookie, accounts } = await shareAccounts(fintech);
    fintech.sandbox.accountAccessEnded = true;
    await fintech.call('GET', '/accounts', cookie); // a failure, for a log line
    const atTheEnd = await inspect(fintech, inspectorLink(accounts), cookie);
    return { fintech, shown: [atTheEnd.page.html, atTheEnd.exported.html, ...logLines].join('\n'), logLines };
  }

  it('a log line was written (the test would prove nothing otherwise)', async () => {
    const { logLines } = await everythingShown({ responseStyle: 'jarm' });
    expect(logLines.join('\n')).toContain('read accounts: the bank answered 403 (U009)');
  });

  it('private keys: neither the signing key nor the DPoP key', async () => {
    const { fintech, shown } = await everythingShown(fapi2('dpop', 'signed'));
    const { tpp } = fintech;
    for (const privateKey of [tpp.signingKey, tpp.dpopKey] as KeyObject[]) {
      expect(shown).not.toContain(privateKey.export({ format: 'jwk' }).d);
      expect(shown).not.toContain(pemBody(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()).slice(0, 64));
    }
  });

  it('the transport key', async () => {
    const transportKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const { shown } = await everythingShown({ responseStyle: 'jarm', transport: { certPem: 'unused', keyPem: transportKey, caPem: 'unused' } });
    expect(shown).not.toContain(pemBody(transportKey).slice(0, 64));
  });

  it('access tokens: only their first characters', async () => {
    const { shown } = await everythingShown({ responseStyle: 'jarm' });
    expect(shown).not.toContain('psu-token');
    expect(shown).not.toContain('cc-token-accounts');
    expect(shown).toContain('psu-toke…');
  });

  it('refresh tokens: only their first characters', async () => {
    const { shown } = await everythingShown({ responseStyle: 'jarm' });
    expect(shown).not.toContain('psu-refresh-token');
    expect(shown).toContain('psu-refr…');
  });

  it('authorization codes, once used: only their first characters', async () => {
    const { fintech, shown } = await everythingShown({ responseStyle: 'jarm' });
    const code = new URLSearchParams(fintech.sandbox.requests.find((request) => request.body.includes('grant_type=authorization_code'))?.body).get('code') as string;
    expect(code).toMatch(/^code-/);
    expect(shown).not.toContain(code);
  });

  it('the PKCE verifier before its use: the journey seen between connect and callback shows only the challenge; the token request shows it once used', async () => {
    const logLines: string[] = [];
    const fintech = await startApp({ responseStyle: 'jarm' }, { logLines });
    app = fintech.app;
    const connect = await fintech.post('/connect');
    const journeyPath = `/journeys/${connect.interactionId}`;
    const beforeUse = await inspect(fintech, journeyPath, connect.cookie as string);
    expect(kinds(beforeUse.journey)).toEqual(['client-credentials', 'account-access-consent', 'par', 'authorization']);
    const pending = fintech.pendingAtTheAs(connect);
    const callback = await fintech.call('GET', `/callback?${await fintech.sandbox.jarm({ code: fintech.sandbox.issueCode(pending), state: pending.state })}`, connect.cookie);
    const verifier = new URLSearchParams(fintech.sandbox.requests.find((request) => request.body.includes('grant_type=authorization_code'))?.body).get('code_verifier') as string;
    expect(verifier).toMatch(/^[\w-]{43}$/);
    expect([beforeUse.page.html, beforeUse.exported.html, ...logLines].join('\n')).not.toContain(verifier);
    const afterUse = await inspect(fintech, journeyPath, callback.cookie as string);
    expect(stepOf(afterUse.journey, 'code-exchange')?.request?.code_verifier).toBe(verifier);
  });
});
