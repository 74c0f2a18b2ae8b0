import { createHash } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { durableStreamNames, type GrantRevoked, namespacedSubject, Requests, Streams } from '@fapi/nats-contract';
import { x5tS256 } from '@fapi/pki';
import { type Browser, eventually, TEST_SANDBOX_ID } from '@fapi/testing';
import { AuthorizationServerHarness, BANK_URL } from './testing/authorization-server-harness';
import { PSU, PSU_ACCOUNTS } from './testing/fake-bank-customers';
import { approveThroughPages, authoriseWithParAndJarm, expectPage, expectRedirect, pushAuthorizationRequest } from './testing/psu-journey';
import { intentClaims, type TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const halfHash = (value: string) => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

describe('PSU authorisation flows end to end (login and consent pages, tokens)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_flows');
  let jarmTpp: TestTpp;
  let hybridTpp: TestTpp;
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    jarmTpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    hybridTpp = await server.registerTpp({ authMethod: 'tls_client_auth', alg: 'ES256', style: 'hybrid' });
  });

  beforeEach(() => {
    browser = server.browser();
  });

  afterEach(async () => {
    await browser?.close();
  });

  afterAll(async () => {
    await jarmTpp?.connection.close();
    await hybridTpp?.connection.close();
    await server.stop();
  });

  it('PAR + JARM: the PSU signs in and approves, the consent becomes AUTH, and the tokens carry cnf and the intent', async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { code, verifier, expiresIn } = await authoriseWithParAndJarm(server, jarmTpp, browser, consent.consentId);
    expect(expiresIn).toBeLessThanOrEqual(60);

    expect(server.consentService.accountAccess.get(consent.consentId)).toMatchObject({
      status: 'AUTH',
      psuId: PSU.psuId,
      accountIds: [PSU_ACCOUNTS[0].accountId],
    });

    const tokens = await jarmTpp.token({ grant_type: 'authorization_code', code, redirect_uri: jarmTpp.redirectUri, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.json.token_type).toBe('Bearer');
    expect(tokens.json.expires_in).toEqual(expect.any(Number));

    const { payload: accessToken, protectedHeader } = await jwtVerify(String(tokens.json.access_token), server.jwks, {
      issuer: server.issuer,
      audience: BANK_URL,
    });
    expect(protectedHeader.alg).toBe('PS256');
    expect(accessToken).toMatchObject({
      sub: PSU.psuId,
      client_id: jarmTpp.clientId,
      scope: 'accounts',
      openbanking_intent_id: consent.consentId,
      cnf: { 'x5t#S256': x5tS256(jarmTpp.transport.cert) },
    });
    expect(Object.keys(accessToken).sort()).toEqual(['aud', 'client_id', 'cnf', 'exp', 'grant_id', 'iat', 'iss', 'jti', 'openbanking_intent_id', 'scope', 'sub']);

    const { payload: idToken } = await jwtVerify(String(tokens.json.id_token), server.jwks, { issuer: server.issuer, audience: jarmTpp.clientId });
    expect(idToken).toMatchObject({ sub: PSU.psuId, acr: 'urn:openbanking:psd2:sca', openbanking_intent_id: consent.consentId });
    expect(tokens.json.refresh_token).toEqual(expect.any(String));
  });

  it('hybrid by value (no PKCE): the front-channel id_token has c_hash, s_hash and the intent; tls_client_auth redeems the code', async () => {
    const consent = server.createConsent(hybridTpp.clientId);
    const state = 'state-hybrid';
    const nonce = 'nonce-hybrid';
    const request = await hybridTpp.requestObject({ response_type: 'code id_token', state, nonce, claims: intentClaims(consent.consentId) });
    const callback = await approveThroughPages(
      browser,
      hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid accounts', request }),
      PSU_ACCOUNTS.map((a) => a.accountId),
    );
    const fragment = new URLSearchParams(callback.hash.slice(1));
    const code = String(fragment.get('code'));
    expect(fragment.get('state')).toBe(state);

    const { payload: frontIdToken, protectedHeader } = await jwtVerify(String(fragment.get('id_token')), server.jwks, {
      issuer: server.issuer,
      audience: hybridTpp.clientId,
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(frontIdToken).toMatchObject({
      nonce,
      c_hash: halfHash(code),
      s_hash: halfHash(state),
      acr: 'urn:openbanking:psd2:sca',
      openbanking_intent_id: consent.consentId,
    });
    expect(server.consentService.accountAccess.get(consent.consentId)?.accountIds).toEqual(PSU_ACCOUNTS.map((a) => a.accountId));

    const tokens = await hybridTpp.token({ grant_type: 'authorization_code', code, redirect_uri: hybridTpp.redirectUri });
    expect(tokens.status).toBe(200);
    expect(decodeJwt(String(tokens.json.access_token))).toMatchObject({
      openbanking_intent_id: consent.consentId,
      cnf: { 'x5t#S256': x5tS256(hybridTpp.transport.cert) },
    });
  });

  it('client credentials: a certificate-bound bank token with the accounts scope and no intent', async () => {
    const tokens = await jarmTpp.token({ grant_type: 'client_credentials', scope: 'accounts' });
    expect(tokens.status).toBe(200);
    const { payload } = await jwtVerify(String(tokens.json.access_token), server.jwks, { issuer: server.issuer, audience: BANK_URL });
    expect(payload).toMatchObject({ sub: jarmTpp.clientId, client_id: jarmTpp.clientId, scope: 'accounts', cnf: { 'x5t#S256': x5tS256(jarmTpp.transport.cert) } });
    expect(payload).not.toHaveProperty('openbanking_intent_id');
  });

  it("the sign-in page names the bank, the step, and the test customers the bank itself lists", async () => {
    const consent = server.createConsent(hybridTpp.clientId);
    const request = await hybridTpp.requestObject({ response_type: 'code id_token', claims: intentClaims(consent.consentId) });
    const login = expectPage(await browser.open(hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request })));
    expect(login.$('#journey-step').text()).toBe('Sandbox Bank · step 1 of 3: sign in');
    expect(login.$('#test-customers li').map((_, item) => login.$(item).find('code').map((__, code) => login.$(code).text()).get().join(' / ')).get()).toEqual([
      `${PSU.username} / ${PSU.password}`,
    ]);
  });

  it('a wrong password re-renders the login page with an error, escaping what the PSU typed', async () => {
    const consent = server.createConsent(hybridTpp.clientId);
    const request = await hybridTpp.requestObject({ response_type: 'code id_token', claims: intentClaims(consent.consentId) });
    const login = expectPage(await browser.open(hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request })));
    const retry = expectPage(await browser.submit(login, 'form', { username: '<b>mits</b>', password: 'wrong' }));
    expect(retry.status).toBe(200);
    expect(retry.html).toContain('The username or password is not right.');
    expect(retry.html).toContain('&lt;b&gt;mits&lt;/b&gt;');
    expect(retry.html).not.toContain('<b>mits</b>');
  });

  it('the consent page shows the TPP, the permissions, expiry and transaction window, and the PSU accounts; approving none re-renders it', async () => {
    const consent = server.createConsent(hybridTpp.clientId);
    const request = await hybridTpp.requestObject({ response_type: 'code id_token', claims: intentClaims(consent.consentId) });
    const login = expectPage(await browser.open(hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request })));
    const page = expectPage(await browser.submit(login, 'form', { username: PSU.username, password: PSU.password }));
    expect(page.html).toContain(`<strong id="tpp-name">${hybridTpp.clientName}</strong> asks to see`);
    expect(page.html).toContain('Your account balances');
    expect(page.html).toContain('Money coming into your accounts');
    expect(page.$('#access-ends time').attr('datetime')).toBe(new Date(String(consent.expirationDateTime)).toISOString());
    expect(page.$('#transaction-window').text()).toBe('From 1 Jan 2026 to 31 Dec 2026');
    expect(page.html).toContain('Everyday &lt;Current&gt;');
    expect(page.html).toContain(`value="${PSU_ACCOUNTS[1].accountId}"`);

    const again = expectPage(await browser.submit(page, 'form', { decision: 'approve' }));
    expect(again.html).toContain('Choose at least one of your accounts');
    expect(server.consentService.accountAccess.get(consent.consentId)?.status).toBe('AWAU');
  });

  it('signing in leads to the consent page of the same sign-in, and the authorization is resumed once, with both', async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { url } = await pushAuthorizationRequest(jarmTpp, consent.consentId);
    const login = expectPage(await browser.open(url));
    const interactionPath = new URL(login.url).pathname;
    const uid = interactionPath.split('/').pop();
    const pathsFrom = (start: number) => browser.history.slice(start).map((visited) => new URL(visited).pathname);

    const signedIn = browser.history.length;
    const consentPage = expectPage(await browser.submit(login, 'form', { username: PSU.username, password: PSU.password }));
    expect(pathsFrom(signedIn)).toEqual([`${interactionPath}/login`, interactionPath]);
    expect(consentPage.$('h1').text()).toBe('Share your account information');

    const approved = browser.history.length;
    const callback = expectRedirect(await browser.submit(consentPage, 'form', { decision: 'approve', accountIds: [PSU_ACCOUNTS[0].accountId] }));
    expect(pathsFrom(approved)).toEqual([`${interactionPath}/consent`, `/auth/${uid}`, callback.pathname]);
    const { payload } = await jwtVerify(String(callback.searchParams.get('response')), server.jwks, { issuer: server.issuer, audience: jarmTpp.clientId });
    expect(payload.code).toEqual(expect.any(String));
    expect(server.consentService.accountAccess.get(consent.consentId)).toMatchObject({ status: 'AUTH', psuId: PSU.psuId });
  });

  it('an approval posted before the PSU signed in is refused (400) and the consent still awaits the PSU', async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { url } = await pushAuthorizationRequest(jarmTpp, consent.consentId);
    const login = expectPage(await browser.open(url));
    const csrf = String(login.$('input[name=csrf]').attr('value'));

    const refused = await browser.crossSitePost(new URL(server.issuer).origin, `${login.url}/consent`, { csrf, decision: 'approve', accountIds: PSU_ACCOUNTS[0].accountId });
    expect(refused.status).toBe(400);
    expect(refused.$('[role=alert]').text()).toContain('This step of the sign-in is not the current one.');
    expect(server.consentService.accountAccess.get(consent.consentId)?.status).toBe('AWAU');
    expect(expectPage(await browser.open(login.url)).$('h1').text()).toBe('Sign in to Sandbox Bank');
  });

  it('Deny rejects the consent and returns access_denied to the TPP', async () => {
    const consent = server.createConsent(hybridTpp.clientId);
    const request = await hybridTpp.requestObject({ response_type: 'code id_token', state: 'state-deny', claims: intentClaims(consent.consentId) });
    const login = expectPage(await browser.open(hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request })));
    const page = expectPage(await browser.submit(login, 'form', { username: PSU.username, password: PSU.password }));
    const callback = expectRedirect(await browser.submit(page, 'form', { decision: 'deny' }));
    const fragment = new URLSearchParams(callback.hash.slice(1));
    expect(fragment.get('error')).toBe('access_denied');
    expect(fragment.get('state')).toBe('state-deny');
    expect(server.consentService.accountAccess.get(consent.consentId)?.status).toBe('RJCT');
  });

  it('a session left from an earlier authorisation does not authorise a new intent: the PSU signs in and consents again', async () => {
    const first = server.createConsent(hybridTpp.clientId);
    const firstRequest = await hybridTpp.requestObject({ response_type: 'code id_token', claims: intentClaims(first.consentId) });
    await approveThroughPages(browser, hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request: firstRequest }));

    const second = server.createConsent(hybridTpp.clientId);
    const secondRequest = await hybridTpp.requestObject({ response_type: 'code id_token', claims: intentClaims(second.consentId) });
    const page = expectPage(await browser.open(hybridTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request: secondRequest })));
    expect(page.$('h1').text()).toBe('Sign in to Sandbox Bank');
    expect(server.consentService.accountAccess.get(second.consentId)?.status).toBe('AWAU');
  });

  it("signing out of the bank's website leaves the TPP's access in place: a consent outlives the PSU's browser session", async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { code, verifier } = await authoriseWithParAndJarm(server, jarmTpp, browser, consent.consentId);
    const tokens = await jarmTpp.token({ grant_type: 'authorization_code', code, redirect_uri: jarmTpp.redirectUri, code_verifier: verifier });
    const refreshToken = String(tokens.json.refresh_token);

    const confirm = expectPage(await browser.open(`${server.issuer}/session/end`));
    expect(confirm.$('h1').text()).toBe('Sign out of Sandbox Bank?');
    // The "Yes" button sits outside oidc-provider's form (its `form` attribute): its name and value are sent here.
    const signedOut = expectPage(await browser.submit(confirm, 'form', { logout: 'yes' }));
    expect(signedOut.$('h1').text()).toBe('You have signed out');

    expect((await jarmTpp.introspect(refreshToken)).json).toMatchObject({ active: true, sub: PSU.psuId });
  });

  /**
   * The bank on the test NATS server, answering Requests.revokeGrant as Nest's NATS server does after `delayMs`: it
   * records each grant id when it acknowledges, so a test sees whether the AS answered before or after that.
   */
  async function fakeBankRevokingGrants(delayMs: number): Promise<{ acknowledged: string[]; connection: NatsConnection }> {
    const connection = await connect({ servers: server.natsUrl });
    const acknowledged: string[] = [];
    connection.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.revokeGrant), {
      callback: (_error, message) => {
        const { id, data } = message.json<{ id: string; data: { grantId: string } }>();
        setTimeout(() => {
          acknowledged.push(data.grantId);
          message.respond(JSON.stringify({ id, response: { ok: true, value: { grantId: data.grantId } }, isDisposed: true }));
        }, delayMs);
      },
    });
    await connection.flush();
    return { acknowledged, connection };
  }

  /** The latest revocation on the grant revocations stream (undefined while there is none). */
  async function lastAnnouncedRevocation(): Promise<GrantRevoked | undefined> {
    const connection = await connect({ servers: server.natsUrl });
    try {
      const { stream, subject } = durableStreamNames(TEST_SANDBOX_ID, Streams.grantRevocations);
      const message = await (await jetstreamManager(connection)).streams.getMessage(stream, { last_by_subj: subject });
      return message?.json<GrantRevoked>();
    } catch {
      return undefined;
    } finally {
      await connection.close();
    }
  }

  it('a reused authorization code is refused only once the bank refuses its grant, and revokes what it issued: the refresh token turns inactive', async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { code, verifier } = await authoriseWithParAndJarm(server, jarmTpp, browser, consent.consentId);
    const redeem = () => jarmTpp.token({ grant_type: 'authorization_code', code, redirect_uri: jarmTpp.redirectUri, code_verifier: verifier });
    const first = await redeem();
    expect(first.status).toBe(200);
    const refreshToken = String(first.json.refresh_token);
    expect((await jarmTpp.introspect(refreshToken)).json).toMatchObject({ active: true, client_id: jarmTpp.clientId, sub: PSU.psuId });

    const grantId = decodeJwt(String(first.json.access_token)).grant_id;
    expect(grantId).toEqual(expect.any(String));
    // a bank slower than the AS: had the AS not waited for it, invalid_grant would arrive before the acknowledgement
    const bank = await fakeBankRevokingGrants(300);

    const reuse = await redeem();
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe('invalid_grant');
    expect(bank.acknowledged).toEqual([grantId]);
    await bank.connection.close();
    expect((await jarmTpp.introspect(refreshToken)).json).toEqual({ active: false });
    // also announced on the durable stream, for a bank that was down when asked
    await expect(eventually(() => lastAnnouncedRevocation(), 'the revocation on the stream')).resolves.toMatchObject({ grantId });
    const refreshed = await jarmTpp.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(refreshed.status).toBe(400);
    expect(refreshed.json.error).toBe('invalid_grant');
  });

  it('a reused authorization code is still refused with invalid_grant when the bank does not acknowledge the revocation', async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { code, verifier } = await authoriseWithParAndJarm(server, jarmTpp, browser, consent.consentId);
    const redeem = () => jarmTpp.token({ grant_type: 'authorization_code', code, redirect_uri: jarmTpp.redirectUri, code_verifier: verifier });
    const first = await redeem();
    expect(first.status).toBe(200);
    // a bank that takes the request and never answers: the AS answers once its bounded wait is over
    const silentBank = await connect({ servers: server.natsUrl });
    silentBank.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.revokeGrant));
    await silentBank.flush();

    const reuse = await redeem();
    await silentBank.close();
    expect([reuse.status, reuse.json.error]).toEqual([400, 'invalid_grant']);
    expect((await jarmTpp.introspect(String(first.json.refresh_token))).json).toEqual({ active: false });
  });

  it('a refresh token gives a new certificate-bound access token for the same intent; another client cannot introspect it', async () => {
    const consent = server.createConsent(jarmTpp.clientId);
    const { code, verifier } = await authoriseWithParAndJarm(server, jarmTpp, browser, consent.consentId);
    const tokens = await jarmTpp.token({ grant_type: 'authorization_code', code, redirect_uri: jarmTpp.redirectUri, code_verifier: verifier });
    const refreshed = await jarmTpp.token({ grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(String(refreshed.json.access_token))).toMatchObject({
      openbanking_intent_id: consent.consentId,
      cnf: { 'x5t#S256': x5tS256(jarmTpp.transport.cert) },
    });
    expect((await hybridTpp.introspect(String(tokens.json.refresh_token))).json).toEqual({ active: false });
  });
});
