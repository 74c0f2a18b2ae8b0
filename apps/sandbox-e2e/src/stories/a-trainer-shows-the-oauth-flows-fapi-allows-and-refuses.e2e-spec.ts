import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEVICE_POLL_INTERVAL_SECONDS, SLOW_DOWN_STEP_SECONDS, TEACHING_REFUSALS } from '@fapi/authorization';
import { Browser, type Page } from '../support/browser';
import { ClassroomClient } from '../support/classroom-client';
import { pkce } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { sandbox } from '../support/sandbox-state';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const AVA = { username: 'ava', password: 'ava-sandbox-pass', psuId: 'psu-ava', name: 'Ava Lindqvist' };
const TV_APP = { name: 'Classroom TV app', redirectUri: 'https://classroom.example/tv/callback' };
const GRADES_SERVER = { name: 'Classroom grades server', redirectUri: 'https://classroom.example/grades/callback' };
const LAB_SERVER = { name: 'Classroom lab server', redirectUri: 'https://classroom.example/lab/callback' };

const oauthError = (answer: { status: number; body: unknown }) => {
  const { error, error_description } = answer.body as Record<string, unknown>;
  return { status: answer.status, error, error_description };
};

/** The error the AS sent back to the redirect_uri, from the fragment (implicit) or the query. */
const redirectedError = (page: Page) => {
  const url = new URL(page.url);
  const fields = new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
  return { error: fields.get('error'), error_description: fields.get('error_description') };
};

describe('a trainer shows the OAuth 2.0 and OpenID Connect flows FAPI allows, and those it refuses', () => {
  let tvApp: ClassroomClient;
  let gradesServer: ClassroomClient;
  let browser: Browser;

  beforeAll(() => {
    // Onboarded by the real command, as a trainer does before the class: a public client and a confidential one.
    tvApp = new ClassroomClient(onboardFintech(TV_APP.name, ['--profile', 'teaching', '--auth-method', 'none', '--redirect-uri', TV_APP.redirectUri]));
    gradesServer = new ClassroomClient(
      onboardFintech(GRADES_SERVER.name, ['--profile', 'teaching', '--auth-method', 'private_key_jwt', '--redirect-uri', GRADES_SERVER.redirectUri]),
    );
  });

  beforeEach(() => {
    browser = new Browser(readFileSync(path.join(sandbox().certsDir, 'ca.pem'), 'utf8')).stopAt('https://classroom.example/');
  });

  afterEach(async () => {
    await browser.close();
  });

  afterAll(async () => {
    await tvApp?.close();
    await gradesServer?.close();
  });

  /** Ava signs in on the bank's login page and lands on the page asking her to share who she is with `clientName`. */
  async function avaSignsIn(login: Page, clientName: string): Promise<Page> {
    const consent = await browser.submit(login, 'form[action$="/login"]', { username: AVA.username, password: AVA.password });
    expect(consent.html).toContain('Share who you are');
    expect(consent.$('.lead').text()).toBe(`${clientName} wants your identity and profile:`);
    return consent;
  }

  it('the onboarded folders hold what each client needs: the public one no key, the confidential one its signing key', () => {
    expect(tvApp.onboarded).toMatchObject({ profile: 'teaching', authMethod: 'none' });
    expect(tvApp.onboarded).not.toHaveProperty('signingKey');
    expect(gradesServer.onboarded).toMatchObject({ profile: 'teaching', authMethod: 'private_key_jwt', signingAlg: 'PS256' });
    expect(gradesServer.onboarded.signingKey?.type).toBe('private');
  });

  it('device flow: the TV polls too early (authorization_pending), then too fast (slow_down); Ava approves on the verification page; the next poll gets her identity', async () => {
    const authorization = await tvApp.deviceAuthorization({ scope: 'openid profile' });
    expect(authorization.status).toBe(200);
    const { device_code, user_code, verification_uri, verification_uri_complete, interval } = authorization.body as Record<string, string>;
    expect({ verification_uri, interval }).toEqual({ verification_uri: `${sandbox().issuer}/device`, interval: DEVICE_POLL_INTERVAL_SECONDS });
    const poll = () => tvApp.token({ grant_type: DEVICE_CODE_GRANT, device_code });

    expect(oauthError(await poll())).toMatchObject({ status: 400, error: 'authorization_pending' });
    expect(oauthError(await poll())).toEqual({
      status: 400,
      error: 'slow_down',
      error_description: `polling too fast: poll at most every ${DEVICE_POLL_INTERVAL_SECONDS + SLOW_DOWN_STEP_SECONDS} seconds (RFC 8628 3.5)`,
    });

    const handOff = await browser.open(verification_uri_complete);
    const confirm = await browser.submit(handOff, 'form');
    expect(confirm.html).toContain('Is this your device?');
    expect([confirm.$('#user-code').text(), confirm.$('#tpp-name').text()]).toEqual([user_code, TV_APP.name]);
    const consent = await avaSignsIn(await browser.submit(confirm, 'form', {}, '[name=confirm]'), TV_APP.name);
    const done = await browser.submit(consent, 'form', {}, '[value=approve]');
    expect(done.html).toContain('Your device is connected');

    const tokens = await poll();
    expect(tokens.status).toBe(200);
    const { access_token, id_token } = tokens.body as Record<string, string>;
    expect(await tvApp.verifiedIdToken(id_token)).toMatchObject({ sub: AVA.psuId });
    expect((await tvApp.userinfo(access_token)).body).toEqual({ sub: AVA.psuId, name: AVA.name });
  });

  it('device flow: Ava types a second code on the verification page, signs in and does not share: the TV is told access_denied', async () => {
    const { device_code, user_code } = (await tvApp.deviceAuthorization({ scope: 'openid profile' })).body as Record<string, string>;

    const input = await browser.open(`${sandbox().issuer}/device`);
    expect(input.html).toContain('Connect a device');
    const confirm = await browser.submit(input, 'form', { user_code });
    const consent = await avaSignsIn(await browser.submit(confirm, 'form', {}, '[name=confirm]'), TV_APP.name);
    const stopped = await browser.submit(consent, 'form', {}, '[value=deny]');
    expect(stopped.html).toContain('You stopped connecting the device: nothing was shared with it.');

    expect(oauthError(await tvApp.token({ grant_type: DEVICE_CODE_GRANT, device_code }))).toMatchObject({ status: 400, error: 'access_denied' });
  });

  it('authorization code with PKCE, public client: Ava shares who she is; the code and the verifier give an id_token and userinfo', async () => {
    const { verifier, challenge } = pkce();
    const login = await browser.open(
      await tvApp.authorizationUrl({ response_type: 'code', scope: 'openid profile', state: 'lesson-2', nonce: 'n-2', code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    const back = await browser.submit(await avaSignsIn(login, TV_APP.name), 'form', {}, '[value=approve]');
    const callback = new URL(back.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(TV_APP.redirectUri);
    expect([callback.searchParams.get('state'), callback.searchParams.get('iss')]).toEqual(['lesson-2', sandbox().issuer]);

    const tokens = await tvApp.token({ grant_type: 'authorization_code', code: String(callback.searchParams.get('code')), redirect_uri: TV_APP.redirectUri, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    const { access_token, id_token, token_type } = tokens.body as Record<string, string>;
    expect(token_type).toBe('Bearer');
    expect(await tvApp.verifiedIdToken(id_token)).toMatchObject({ sub: AVA.psuId, nonce: 'n-2' });
    expect(await tvApp.userinfo(access_token)).toMatchObject({ status: 200, body: { sub: AVA.psuId, name: AVA.name } });

    // The token says who Ava is, nothing more: the bank only trusts FAPI-profile tokens.
    expect((await tvApp.readAccountsAtTheBank(access_token)).status).toBe(401);
  });

  it('client credentials, confidential client: a token of its own, no user and no id_token, which the bank refuses', async () => {
    const tokens = await gradesServer.token({ grant_type: 'client_credentials' });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(tokens.body).not.toHaveProperty('id_token');

    expect((await gradesServer.readAccountsAtTheBank(String(tokens.body.access_token))).status).toBe(401);
  });

  it('client credentials, confidential client authenticated by its certificate (tls_client_auth): the same, no signing key needed', async () => {
    const labServer = new ClassroomClient(
      onboardFintech(LAB_SERVER.name, ['--profile', 'teaching', '--auth-method', 'tls_client_auth', '--redirect-uri', LAB_SERVER.redirectUri]),
    );
    try {
      expect(labServer.onboarded).not.toHaveProperty('signingKey');
      const tokens = await labServer.token({ grant_type: 'client_credentials' });
      expect(tokens.status).toBe(200);
      expect(tokens.body).not.toHaveProperty('id_token');
    } finally {
      await labServer.close();
    }
  });

  it('the resource owner password grant is refused with why: removed by OAuth 2.1, forbidden by FAPI', async () => {
    const refused = await tvApp.token({ grant_type: 'password', username: AVA.username, password: AVA.password, scope: 'openid' });
    expect(oauthError(refused)).toEqual({ status: 400, error: TEACHING_REFUSALS.password.error, error_description: TEACHING_REFUSALS.password.description });
  });

  it('the implicit flow is refused at the redirect_uri with why: removed by OAuth 2.1, forbidden by FAPI', async () => {
    const back = await browser.open(await tvApp.authorizationUrl({ response_type: 'token', scope: 'openid', state: 'lesson-5' }));
    expect(redirectedError(back)).toEqual({ error: TEACHING_REFUSALS.implicit.error, error_description: TEACHING_REFUSALS.implicit.description });
  });

  it('the bank’s scopes are refused to a teaching client at the AS, saying the bank only trusts FAPI-profile tokens', async () => {
    const refusal = { status: 400, error: TEACHING_REFUSALS.bankScopes.error, error_description: TEACHING_REFUSALS.bankScopes.description };
    expect(oauthError(await tvApp.deviceAuthorization({ scope: 'openid accounts' }))).toEqual(refusal);
    expect(oauthError(await gradesServer.token({ grant_type: 'client_credentials', scope: 'payments' }))).toEqual(refusal);
  });
});
