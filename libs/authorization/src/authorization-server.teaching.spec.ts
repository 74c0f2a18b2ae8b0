import { decodeJwt, jwtVerify } from 'jose';
import { type Browser, type Page, pkce } from '@fapi/testing';
import { DEVICE_POLL_INTERVAL_SECONDS, SLOW_DOWN_STEP_SECONDS } from './rules/device-polling';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { TEACHING_REFUSALS } from './rules/refused-flows';
import { DEVICE_CODE_GRANT } from './rules/teaching-client-metadata';
import { AuthorizationServerHarness, BANK_URL, REDIRECT_URI } from './testing/authorization-server-harness';
import { PSU } from './testing/fake-bank-customers';
import { expectPage, expectRedirect } from './testing/psu-journey';
import type { TeachingClient } from './testing/teaching-client';
import type { HttpResult } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const expectOAuthError = (result: HttpResult, status: number, error: string, description?: string) => {
  expect({ status: result.status, error: result.json.error }).toEqual({ status, error });
  if (description !== undefined) expect(result.json.error_description).toBe(description);
};

/** The error the AS sent back to the client's redirect_uri, from its query or its fragment. */
const redirectedError = (callback: URL) => {
  const fields = new URLSearchParams(callback.hash ? callback.hash.slice(1) : callback.search);
  return { error: fields.get('error'), error_description: fields.get('error_description') };
};

const isJwt = (token: unknown) => String(token).split('.').length === 3;

/** The PSU signs in on the bank's login page and lands on the identity consent page of a teaching client. */
async function signInToIdentityConsent(browser: Browser, login: Page, clientName: string): Promise<Page> {
  expect(expectPage(login).html).toContain('Sign in to Sandbox Bank');
  const consent = expectPage(await browser.submit(login, 'form', { username: PSU.username, password: PSU.password }));
  expect(consent.html).toContain('Share who you are');
  expect(consent.$('.lead').text()).toBe(`${clientName} wants your identity and profile:`);
  return consent;
}

describe('the flows the sandbox teaches (teaching clients: OAuth 2.0 / OpenID Connect, never the bank)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_teaching');
  let publicClient: TeachingClient;
  let confidentialClient: TeachingClient;
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    publicClient = await server.registerTeachingClient('public');
    confidentialClient = await server.registerTeachingClient('confidential');
  });

  beforeEach(() => {
    browser = server.browser();
  });

  afterEach(async () => {
    await browser?.close();
  });

  afterAll(async () => {
    await publicClient?.close();
    await confidentialClient?.close();
    await server.stop();
  });

  describe('registration', () => {
    const teaching = { client_profile: 'teaching', client_name: 'Classroom app', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none' };

    it('a public teaching client registers without a secret and gets identity scopes, plain requests and bearer tokens', async () => {
      const registered = await server.register(teaching);
      expect(registered.status).toBe(201);
      expect(registered.json).toMatchObject({
        client_profile: 'teaching',
        token_endpoint_auth_method: 'none',
        scope: 'openid profile',
        response_types: ['code'],
        require_signed_request_object: false,
        tls_client_certificate_bound_access_tokens: false,
      });
      expect(registered.json).not.toHaveProperty('client_secret');
    });

    it.each([['openid accounts'], ['openid profile payments']])('a teaching client registering scope "%s" is refused: the bank only trusts FAPI-profile tokens', async (scope) => {
      expectOAuthError(await server.register({ ...teaching, scope }), 400, 'invalid_client_metadata', TEACHING_REFUSALS.bankScopes.description);
    });

    it('a teaching client with a shared secret is refused: teaching clients learn the methods FAPI accepts', async () => {
      expectOAuthError(
        await server.register({ ...teaching, token_endpoint_auth_method: 'client_secret_basic' }),
        400,
        'invalid_client_metadata',
        refusalText(RULES.profileAuthMethod, 'token_endpoint_auth_method is client_secret_basic; OAuth 2.0 / OpenID Connect (teaching) clients authenticate with none or private_key_jwt or tls_client_auth'),
      );
    });

    it('a public teaching client asking for client_credentials is refused (RFC 6749 4.4: confidential clients only)', async () => {
      expectOAuthError(
        await server.register({ ...teaching, grant_types: ['client_credentials'] }),
        400,
        'invalid_client_metadata',
        refusalText(RULES.publicClientCredentials, 'a public client registered client_credentials'),
      );
    });

    it('a teaching client asking for a hybrid response type is refused', async () => {
      expectOAuthError(
        await server.register({ ...teaching, response_types: ['code id_token'] }),
        400,
        'invalid_client_metadata',
        refusalText(RULES.teachingResponseTypes, 'response_types has a value other than code'),
      );
    });

    it('a FAPI client registering as a public client, or with the device grant, is refused naming its profile', async () => {
      const fapi = { client_name: 'FAPI app', redirect_uris: [REDIRECT_URI], tls_client_certificate_bound_access_tokens: true };
      expectOAuthError(
        await server.register({ ...fapi, token_endpoint_auth_method: 'none' }),
        400,
        'invalid_client_metadata',
        refusalText(RULES.profileAuthMethod, 'token_endpoint_auth_method is none; FAPI 1.0 Advanced clients authenticate with private_key_jwt or tls_client_auth'),
      );
      expectOAuthError(
        await server.register({ ...fapi, token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=x', grant_types: ['authorization_code', DEVICE_CODE_GRANT] }),
        400,
        'invalid_client_metadata',
        refusalText(RULES.profileGrantType, `the ${DEVICE_CODE_GRANT} grant is not for FAPI 1.0 Advanced clients`),
      );
    });
  });

  describe('authorization code with PKCE and OpenID Connect', () => {
    it('a public client: the PSU signs in and shares who they are; the code and its verifier give an id_token and a userinfo token that is not a bank token', async () => {
      const { verifier, challenge } = pkce();
      const login = await browser.open(
        publicClient.authorizationUrl({ response_type: 'code', scope: 'openid profile', state: 'public-state', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256' }),
      );
      const consent = await signInToIdentityConsent(browser, login, publicClient.clientName);
      const callback = expectRedirect(await browser.submit(consent, 'form', {}, '[value=approve]'));
      expect(callback.searchParams.get('state')).toBe('public-state');
      expect(callback.searchParams.get('iss')).toBe(server.issuer);

      const tokens = await publicClient.token({ grant_type: 'authorization_code', code: String(callback.searchParams.get('code')), redirect_uri: REDIRECT_URI, code_verifier: verifier });
      expect(tokens.status).toBe(200);
      expect(tokens.json).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
      expect(isJwt(tokens.json.access_token)).toBe(false);
      const { payload: idToken } = await jwtVerify(String(tokens.json.id_token), server.jwks, { issuer: server.issuer, audience: publicClient.clientId });
      expect(idToken).toMatchObject({ sub: PSU.psuId, nonce: 'n-1' });

      const userinfo = await publicClient.userinfo(String(tokens.json.access_token));
      expect({ status: userinfo.status, body: userinfo.json }).toEqual({ status: 200, body: { sub: PSU.psuId, name: PSU.name } });
    });

    it('a public client without PKCE is refused back at its redirect_uri', async () => {
      const callback = expectRedirect(await browser.open(publicClient.authorizationUrl({ response_type: 'code', scope: 'openid', state: 's' })));
      expect(redirectedError(callback)).toEqual({ error: 'invalid_request', error_description: refusalText(RULES.teachingPkce, 'the request has no code_challenge') });
    });

    it('a confidential client (private_key_jwt): id_token, userinfo and a refresh token, none of them for the bank', async () => {
      const { verifier, challenge } = pkce();
      const login = await browser.open(
        confidentialClient.authorizationUrl({ response_type: 'code', scope: 'openid profile', state: 'conf-state', code_challenge: challenge, code_challenge_method: 'S256' }),
      );
      const consent = await signInToIdentityConsent(browser, login, confidentialClient.clientName);
      const callback = expectRedirect(await browser.submit(consent, 'form', {}, '[value=approve]'));

      const tokens = await confidentialClient.token({ grant_type: 'authorization_code', code: String(callback.searchParams.get('code')), redirect_uri: REDIRECT_URI, code_verifier: verifier });
      expect(tokens.status).toBe(200);
      expect(tokens.json.refresh_token).toEqual(expect.any(String));
      expect(decodeJwt(String(tokens.json.id_token))).toMatchObject({ sub: PSU.psuId, aud: confidentialClient.clientId });
      expect((await confidentialClient.userinfo(String(tokens.json.access_token))).json).toEqual({ sub: PSU.psuId, name: PSU.name });
      const introspection = await confidentialClient.introspect(String(tokens.json.access_token));
      expect(introspection.json).toMatchObject({ active: true, client_id: confidentialClient.clientId, scope: 'openid profile' });
      expect(introspection.json).not.toHaveProperty('aud');

      const toTheBank = await confidentialClient.token({ grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token), resource: BANK_URL });
      expectOAuthError(toTheBank, 400, 'invalid_target', TEACHING_REFUSALS.bankScopes.description);
      const refreshed = await confidentialClient.token({ grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) });
      expect(refreshed.status).toBe(200);
      expect(isJwt(refreshed.json.access_token)).toBe(false);
    });

    it('the PSU who does not share is sent back with access_denied', async () => {
      const { challenge } = pkce();
      const login = await browser.open(publicClient.authorizationUrl({ response_type: 'code', scope: 'openid profile', state: 'deny', code_challenge: challenge, code_challenge_method: 'S256' }));
      const consent = await signInToIdentityConsent(browser, login, publicClient.clientName);
      const callback = expectRedirect(await browser.submit(consent, 'form', {}, '[value=deny]'));
      expect(redirectedError(callback).error).toBe('access_denied');
    });
  });

  describe('client credentials', () => {
    it('a confidential teaching client gets an opaque token of its own: no user, no id_token, no audience', async () => {
      const tokens = await confidentialClient.token({ grant_type: 'client_credentials' });
      expect(tokens.status).toBe(200);
      expect(tokens.json).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
      expect(tokens.json).not.toHaveProperty('id_token');
      expect(isJwt(tokens.json.access_token)).toBe(false);
      const introspection = await confidentialClient.introspect(String(tokens.json.access_token));
      expect(introspection.json).toMatchObject({ active: true, client_id: confidentialClient.clientId });
      expect(introspection.json).not.toHaveProperty('sub');
      expect(introspection.json).not.toHaveProperty('aud');
    });
  });

  describe('device authorization grant (RFC 8628)', () => {
    const poll = (deviceCode: string) => publicClient.token({ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode });

    it('the device is given a user code, the verification page and the polling interval', async () => {
      const authorization = await publicClient.deviceAuthorization({ scope: 'openid profile' });
      expect(authorization.status).toBe(200);
      expect(authorization.json).toEqual({
        device_code: expect.any(String),
        user_code: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
        verification_uri: `${server.issuer}/device`,
        verification_uri_complete: `${server.issuer}/device?user_code=${encodeURIComponent(String(authorization.json.user_code))}`,
        expires_in: expect.any(Number),
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      });
    });

    it('polling before the PSU approves answers authorization_pending, and polling faster than the interval slow_down', async () => {
      const { json } = await publicClient.deviceAuthorization({ scope: 'openid' });
      expectOAuthError(await poll(String(json.device_code)), 400, 'authorization_pending');
      expectOAuthError(
        await poll(String(json.device_code)),
        400,
        'slow_down',
        `polling too fast: poll at most every ${DEVICE_POLL_INTERVAL_SECONDS + SLOW_DOWN_STEP_SECONDS} seconds (RFC 8628 3.5)`,
      );
    });

    it('the PSU opens the complete verification link, confirms the code, signs in and approves: the next poll gets the tokens', async () => {
      const { json } = await publicClient.deviceAuthorization({ scope: 'openid profile' });
      const handOff = expectPage(await browser.open(String(json.verification_uri_complete)));
      const confirm = expectPage(await browser.submit(handOff, 'form'));
      expect(confirm.html).toContain('Is this your device?');
      expect(confirm.$('#user-code').text()).toBe(json.user_code);
      expect(confirm.$('#tpp-name').text()).toBe(publicClient.clientName);

      const login = await browser.submit(confirm, 'form', {}, '[name=confirm]');
      const consent = await signInToIdentityConsent(browser, login, publicClient.clientName);
      const done = expectPage(await browser.submit(consent, 'form', {}, '[value=approve]'));
      expect(done.html).toContain('Your device is connected');

      const tokens = await poll(String(json.device_code));
      expect(tokens.status).toBe(200);
      expect(isJwt(tokens.json.access_token)).toBe(false);
      expect(decodeJwt(String(tokens.json.id_token))).toMatchObject({ sub: PSU.psuId, aud: publicClient.clientId });
      expect((await publicClient.userinfo(String(tokens.json.access_token))).json).toEqual({ sub: PSU.psuId, name: PSU.name });
      expectOAuthError(await poll(String(json.device_code)), 400, 'invalid_grant');
    });

    it('the PSU types the code on the verification page, signs in and does not share: the device is told access_denied', async () => {
      const { json } = await publicClient.deviceAuthorization({ scope: 'openid profile' });
      const input = expectPage(await browser.open(`${server.issuer}/device`));
      expect(input.html).toContain('Connect a device');
      const confirm = expectPage(await browser.submit(input, 'form', { user_code: String(json.user_code).toLowerCase() }));
      const login = await browser.submit(confirm, 'form', {}, '[name=confirm]');
      const consent = await signInToIdentityConsent(browser, login, publicClient.clientName);
      const stopped = expectPage(await browser.submit(consent, 'form', {}, '[value=deny]'));
      expect(stopped.html).toContain('You stopped connecting the device: nothing was shared with it.');

      expectOAuthError(await poll(String(json.device_code)), 400, 'access_denied');
    });

    it('the PSU who says the device is not theirs stops it before signing in: access_denied', async () => {
      const { json } = await publicClient.deviceAuthorization({ scope: 'openid' });
      const input = expectPage(await browser.open(`${server.issuer}/device`));
      const confirm = expectPage(await browser.submit(input, 'form', { user_code: String(json.user_code) }));
      const stopped = expectPage(await browser.submit(confirm, 'form', {}, '[name=abort]'));
      expect(stopped.html).toContain('You stopped connecting the device');
      expectOAuthError(await poll(String(json.device_code)), 400, 'access_denied');
    });

    it('a wrong user code is shown again with what is wrong', async () => {
      const input = expectPage(await browser.open(`${server.issuer}/device`));
      const again = expectPage(await browser.submit(input, 'form', { user_code: 'BCDF-GHJK' }));
      expect(again.html).toContain('That code is not right.');
    });
  });

  describe('flows refused on purpose, each with its teaching error', () => {
    it('the resource owner password grant: unsupported_grant_type, removed by OAuth 2.1 and forbidden by FAPI', async () => {
      const refused = await confidentialClient.token({ grant_type: 'password', username: PSU.username, password: PSU.password });
      expectOAuthError(refused, 400, 'unsupported_grant_type', TEACHING_REFUSALS.password.description);
    });

    it.each([['token'], ['id_token token']])('the implicit flow (response_type=%s): unsupported_response_type at the redirect_uri', async (responseType) => {
      const callback = expectRedirect(await browser.open(publicClient.authorizationUrl({ response_type: responseType, scope: 'openid', state: 's', nonce: 'n' })));
      expect(redirectedError(callback)).toEqual({ error: 'unsupported_response_type', error_description: TEACHING_REFUSALS.implicit.description });
    });

    it('the implicit flow pushed to PAR: unsupported_response_type with the same teaching description', async () => {
      const refused = await confidentialClient.par({ response_type: 'token', redirect_uri: REDIRECT_URI, scope: 'openid' });
      expectOAuthError(refused, 400, 'unsupported_response_type', TEACHING_REFUSALS.implicit.description);
    });
  });

  describe("a teaching client never gets the bank's scopes", () => {
    it('at the authorization endpoint: invalid_scope at the redirect_uri, naming the rule', async () => {
      const { challenge } = pkce();
      const callback = expectRedirect(
        await browser.open(publicClient.authorizationUrl({ response_type: 'code', scope: 'openid accounts', state: 's', code_challenge: challenge, code_challenge_method: 'S256' })),
      );
      expect(redirectedError(callback)).toEqual({ error: 'invalid_scope', error_description: TEACHING_REFUSALS.bankScopes.description });
    });

    it('at the device authorization endpoint', async () => {
      expectOAuthError(await publicClient.deviceAuthorization({ scope: 'openid payments' }), 400, 'invalid_scope', TEACHING_REFUSALS.bankScopes.description);
    });

    it('at the token endpoint, by scope or by naming the bank as the resource', async () => {
      expectOAuthError(await confidentialClient.token({ grant_type: 'client_credentials', scope: 'accounts' }), 400, 'invalid_scope', TEACHING_REFUSALS.bankScopes.description);
      expectOAuthError(await confidentialClient.token({ grant_type: 'client_credentials', resource: BANK_URL }), 400, 'invalid_target', TEACHING_REFUSALS.bankScopes.description);
    });
  });
});

describe('a device code the PSU did not approve in time', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_teaching_expiry', { lifetimes: { deviceCode: 1 } });
  let device: TeachingClient;

  beforeAll(async () => {
    await server.start();
    device = await server.registerTeachingClient('public');
  });

  afterAll(async () => {
    await device?.close();
    await server.stop();
  });

  it('answers expired_token once its expires_in has passed', async () => {
    const { json } = await device.deviceAuthorization({ scope: 'openid' });
    expect(json.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expectOAuthError(await device.token({ grant_type: DEVICE_CODE_GRANT, device_code: String(json.device_code) }), 400, 'expired_token');
  });
});
