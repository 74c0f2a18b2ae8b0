import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { Agent } from 'undici';
import type { JSONWebKeySet } from 'jose';
import { signDetachedJws } from '@fapi/message-signing';
import { readRegistrationToken } from '@fapi/pki';
import { Browser, type Page } from '@fapi/testing';
import { expectBankAnswerAllowed } from '../support/fuzz/bank-answers';
import { described, fuzz, fuzzSeed, NormalTraffic, send, StatusTally } from '../support/fuzz/fuzz-run';
import { consentPosts, type FormPost, formFields, loginPosts } from '../support/fuzz/interaction-forms';
import { type AsEndpoint, type AsRequest, asRequests } from '../support/fuzz/oauth-requests';
import { AISP_OPERATIONS, type BankRequest, bankRequests, PISP_OPERATIONS, type SpecOperation } from '../support/fuzz/ob-requests';
import { grantAccountAccess, IndependentTpp, pkce, type TokenSet } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { sandbox } from '../support/sandbox-state';

const MIA = { username: 'mia', password: 'mia-sandbox-pass', accountIds: ['acc-mia-everyday'] };
const AVA = { username: 'ava', password: 'ava-sandbox-pass' };
/**
 * The most response-header bytes the PSU's browser reads (Chromium: 256 KiB). The authorization endpoint answers that
 * browser, and echoes the request's state in its redirect: a state near Node's 16 KiB request limit comes back as a
 * JARM response of ~22 KiB in Location, past undici's default of 16 KiB, yet an answer any browser follows.
 */
const BROWSER_RESPONSE_HEADER_BYTES = 256 * 1024;

/**
 * A few thousand requests derived from the official OB v4.0 OpenAPI and the OAuth endpoints' parameters, valid-ish
 * and hostile, from one onboarded TPP, while another TPP reads its accounts as usual. The sandbox must never answer
 * 5xx or hang, must answer the bank's errors in the OB format, must sign every PISP body, and must not let one TPP's
 * input fail another's requests. Seeded: the seed is printed, FUZZ_SEED replays it.
 */
describe('hostile requests never break the sandbox', () => {
  const seed = fuzzSeed();
  let hostile: IndependentTpp;
  let wellBehaved: IndependentTpp;
  let normalTraffic: NormalTraffic;
  let bankJwks: JSONWebKeySet;
  let hostileTokens: { accountsClient: string; accountsPsu: TokenSet; paymentsClient: string };
  let plausibleIds: string[];
  let caPem: string;
  /** What sends the authorization endpoint's requests: a PSU's browser, trusting the sandbox CA, with no client certificate. */
  let psuBrowser: Agent;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    caPem = readFileSync(path.join(sandbox().certsDir, 'ca.pem'), 'utf8');
    psuBrowser = new Agent({ connect: { ca: caPem }, maxHeaderSize: BROWSER_RESPONSE_HEADER_BYTES });
    hostile = new IndependentTpp(
      onboardFintech('Hostile Fuzzer', ['--redirect-uri', 'https://fuzzer.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
    wellBehaved = new IndependentTpp(sandbox().tppClientDir);

    const victim = await grantAccountAccess(wellBehaved, MIA, ['ReadAccountsBasic']);
    const own = await grantAccountAccess(hostile, { ...AVA, accountIds: ['acc-ava-savings'] }, [
      'ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsBasic', 'ReadTransactionsCredits', 'ReadTransactionsDebits',
    ]);
    const paymentsClient = (await hostile.clientCredentialsToken('payments')).access_token;
    hostileTokens = { accountsClient: (await hostile.clientCredentialsToken()).access_token, accountsPsu: own.tokens, paymentsClient };
    const paymentConsent = await hostile.pisp<{ Data: { ConsentId: string } }>('POST', 'domestic-payment-consents', paymentsClient, {
      Data: { Initiation: { InstructionIdentification: 'fuzz-1', EndToEndIdentification: 'fuzz-1', InstructedAmount: { Amount: '1.00', Currency: 'GBP' }, CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '40400411290711', Name: 'Fuzz Creditor' } } },
      Risk: {},
    }, { idempotencyKey: randomUUID() });
    expect(paymentConsent.status).toBe(201);
    plausibleIds = [own.consentId, victim.consentId, paymentConsent.body.Data.ConsentId, 'acc-ava-savings', 'acc-mia-everyday', 'acc-noah-savings'];
    bankJwks = (await hostile.call<JSONWebKeySet>('GET', `${sandbox().bankUrl}/jwks`)).body;

    normalTraffic = new NormalTraffic(() => wellBehaved.bank('GET', 'accounts', victim.tokens.access_token)).start();
  });

  afterAll(async () => {
    await normalTraffic?.stop();
    await hostile?.close();
    await wellBehaved?.close();
    await psuBrowser?.close();
  });

  afterEach(() => {
    // while one TPP fuzzes, another's ordinary reads keep working
    expect(normalTraffic.requests).toBeGreaterThan(0);
    expect(normalTraffic.failures).toEqual([]);
  });

  /** Sends a generated bank request as the hostile TPP, signing PISP bodies when the case says so. */
  async function sendToBank(request: BankRequest): Promise<ReturnType<typeof send>> {
    const headers = { ...request.headers };
    if (request.authorization && 'token' in request.authorization) headers.authorization = `Bearer ${request.authorization.token}`;
    if (request.authorization && 'raw' in request.authorization) headers.authorization = request.authorization.raw;
    if (request.body !== undefined && request.path.includes('/pisp/')) {
      if (request.signature.kind === 'valid') {
        headers['x-jws-signature'] = await signDetachedJws(request.body, hostile.onboarded.signingKey, { kid: hostile.onboarded.signingKid, iss: hostile.clientId });
      } else if (request.signature.kind === 'forged') headers['x-jws-signature'] = request.signature.value;
    }
    return send(hostile.mtls, request.method, `${sandbox().bankUrl}${request.path}`, headers, request.body);
  }

  /** Fuzzes one bank API's implemented operations with `tokens` (mostly the one they want: cases get past authorisation). */
  async function fuzzBank(api: 'aisp' | 'pisp', operations: SpecOperation[], wanted: string, others: string[]): Promise<number> {
    const statuses = new StatusTally();
    const sent = await fuzz(seed, bankRequests(operations, [wanted, wanted, wanted, ...others], plausibleIds), async (request) => {
      const answer = await sendToBank(request);
      statuses.record(answer);
      await expectBankAnswerAllowed(api, request, answer, bankJwks);
    }, { runs: 75, batchSize: 8 });
    statuses.print(api.toUpperCase());
    return sent;
  }

  it('every AISP endpoint answers hostile requests within the OB contract, never with a 5xx or a hang', async () => {
    expect(await fuzzBank('aisp', AISP_OPERATIONS, hostileTokens.accountsPsu.access_token, [hostileTokens.accountsClient, hostileTokens.paymentsClient])).toBe(600);
  });

  it('every PISP endpoint answers hostile requests within the OB contract, each body signed by the bank', async () => {
    expect(await fuzzBank('pisp', PISP_OPERATIONS, hostileTokens.paymentsClient, [hostileTokens.accountsClient, hostileTokens.accountsPsu.access_token])).toBe(600);
  });

  it('the authorization server answers hostile OAuth requests with OAuth errors, never a 5xx or a hang', async () => {
    const discovery = await hostile.discovery();
    const endpoints: Record<AsEndpoint, string> = {
      par: discovery.pushed_authorization_request_endpoint,
      token: discovery.token_endpoint,
      authorization: discovery.authorization_endpoint,
      introspection: discovery.introspection_endpoint,
      revocation: discovery.revocation_endpoint,
      registration: (discovery.registration_endpoint as string | undefined) ?? `${discovery.issuer}/reg`,
      userinfo: (discovery.userinfo_endpoint as string | undefined) ?? `${discovery.issuer}/me`,
    };
    const known = {
      clientId: hostile.clientId,
      redirectUri: hostile.redirectUri,
      tokens: [hostileTokens.accountsClient, hostileTokens.accountsPsu.access_token, hostileTokens.accountsPsu.refresh_token ?? 'none', hostileTokens.paymentsClient],
      initialAccessToken: readRegistrationToken(sandbox().certsDir),
    };
    const consentId = plausibleIds[0];
    const statuses = new StatusTally();
    const sent = await fuzz(seed, asRequests(known), async (request: AsRequest) => {
      const form = { ...request.form };
      if (request.signedRequestObject) form.request = await hostile.requestObject(consentId, { code_challenge: pkce().challenge, code_challenge_method: 'S256' });
      if (request.clientAuth) Object.assign(form, await hostile.clientAuthentication());
      const body = request.raw ?? (request.form ? new URLSearchParams(form).toString() : undefined);
      const url = `${endpoints[request.endpoint]}${request.suffix}`;
      const answer = await send(request.endpoint === 'authorization' ? psuBrowser : hostile.mtls, request.method, url, request.headers, body);
      statuses.record(answer);
      const what = `${request.method} ${url.slice(0, 300)} ${body?.slice(0, 300) ?? ''}`;
      if (answer.status >= 500) throw new Error(`server error: ${described(what, answer)}`);
      const json = String(answer.headers['content-type'] ?? '').startsWith('application/json');
      if (answer.status >= 400 && json && typeof (answer.body as { error?: unknown })?.error !== 'string') {
        throw new Error(`an error that is not an OAuth error object: ${described(what, answer)}`);
      }
    }, { runs: 100, batchSize: 8 });
    statuses.print('authorization server');
    expect(sent).toBe(800);
  });

  /** A new sign-in of the hostile TPP at the bank, from its own loopback address (the login throttle counts per address). */
  async function signInPage(address: string): Promise<{ browser: Browser; page: Page }> {
    const created = await hostile.bank<{ Data: { ConsentId: string } }>('POST', 'account-access-consents', hostileTokens.accountsClient, { Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} });
    const pushed = await hostile.pushAuthorizationRequest(await hostile.requestObject(created.body.Data.ConsentId, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const browser = new Browser(caPem, { localAddress: address }).stopAt(hostile.redirectUri);
    return { browser, page: await browser.open(await hostile.authorizationUrl({ request_uri: pushed.body.request_uri as string })) };
  }

  /** Posts one fuzzed form and checks the answer is a page, never a 5xx or a hang. */
  async function postForm(browser: Browser, page: Page, selector: string, post: FormPost, statuses: StatusTally): Promise<void> {
    const action = new URL(page.$(selector).first().attr('action') as string, page.url).toString();
    const origin = post.origin === 'own' ? new URL(page.url).origin : post.origin;
    const answer = await Promise.race([
      browser.crossSitePost(origin, action, formFields(page, selector, post)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within 5000 ms: POST ${action} ${JSON.stringify(post).slice(0, 300)}`)), 5000).unref()),
    ]);
    statuses.record(answer);
    if (answer.status >= 500) throw new Error(`server error ${answer.status} for POST ${action} ${JSON.stringify(post).slice(0, 300)}: ${answer.html.slice(0, 300)}`);
  }

  it('the bank’s login and consent forms answer hostile posts with pages, never a 5xx or a hang', async () => {
    let interactions = 0;
    const statuses = new StatusTally();
    const sessions = fc.record({ logins: fc.array(loginPosts, { minLength: 4, maxLength: 4 }), consents: fc.array(consentPosts(['acc-ava-savings', 'acc-mia-everyday', 'acc-noah-savings']), { minLength: 4, maxLength: 4 }) });
    await fc.assert(
      fc.asyncProperty(sessions, async ({ logins, consents }) => {
        // each sign-in from its own address, so that these failed logins stay under the throttle's per-address limits
        const { browser, page: loginPage } = await signInPage(`127.0.0.${20 + (interactions++ % 200)}`);
        try {
          for (const post of logins) await postForm(browser, loginPage, 'form[action$="/login"]', post, statuses);
          const consentPage = await browser.submit(loginPage, 'form[action$="/login"]', { username: AVA.username, password: AVA.password });
          expect(consentPage.$('form[action$="/consent"]').length).toBe(1);
          for (const post of consents) await postForm(browser, consentPage, 'form[action$="/consent"]', post, statuses);
        } finally {
          await browser.close();
        }
      }),
      { seed, numRuns: 40, endOnFailure: true },
    );
    statuses.print('login and consent forms');
    expect(interactions).toBe(40);
  });
});
