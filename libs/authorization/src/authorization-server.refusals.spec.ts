import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AUTHORIZATION_SERVER_RULES, refusalText } from '@fapi/refusal-catalogue';
import { type Browser, pkce, signingKey } from '@fapi/testing';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import { authoriseWithParAndJarm } from './testing/psu-journey';
import { AsConnection, intentClaims, now, type HttpResult, type TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const PAR_URN = 'urn:ietf:params:oauth:request_uri:';

function expectOAuthError(result: HttpResult, status: number, error: string): void {
  expect({ status: result.status, error: result.json.error }).toEqual({ status, error });
}

/** An error the AS cannot redirect (no trusted redirect_uri yet) is rendered as an HTML page naming the error. */
function expectErrorPage(result: HttpResult, status: number, error: string): void {
  expect(result.status).toBe(status);
  expect(result.text).toContain(error);
}

describe('the authorization server refuses what FAPI 1.0 Advanced and OB forbid', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_refusals');
  let tpp: TestTpp;
  let otherTpp: TestTpp;
  let tlsTpp: TestTpp;
  let database: pg.Client;
  let browser: Browser;

  /** A complete, valid PAR request object for `tpp`; tests break one thing in it. */
  const parRequest = (claims: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}, signing = {}) =>
    tpp.requestObject(
      {
        response_type: 'code',
        response_mode: 'jwt',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        claims: intentClaims(server.createConsent(tpp.clientId).consentId),
        ...claims,
      },
      overrides,
      signing,
    );

  /** Sets a stored artefact's expiry (and its payload's exp) in the past, as if its lifetime had run out. */
  async function expire(kind: string, id: string): Promise<void> {
    const { rowCount } = await database.query(
      `UPDATE oidc_model SET expires_at = now() - interval '1 second',
         payload = jsonb_set(payload, '{exp}', to_jsonb(floor(extract(epoch from now()))::int - 1)) WHERE kind = $1 AND id = $2`,
      [kind, id],
    );
    expect(rowCount).toBe(1);
  }

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    otherTpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    tlsTpp = await server.registerTpp({ authMethod: 'tls_client_auth', alg: 'PS256', style: 'hybrid' });
    database = new pg.Client({ connectionString: server.options.databaseUrl });
    await database.connect();
  });

  beforeEach(() => {
    browser = server.browser();
  });

  afterEach(async () => {
    await browser?.close();
  });

  afterAll(async () => {
    await database?.end();
    for (const client of [tpp, otherTpp, tlsTpp]) await client?.connection.close();
    await server.stop();
  });

  describe('request objects (FAPI 1.0 Advanced 5.2.2-1, -13, -15, -17; 8.6)', () => {
    it('a valid request object is accepted at PAR (the baseline the refusals break)', async () => {
      expect((await tpp.par(await parRequest())).status).toBe(201);
    });

    it('a request object without exp is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({}, { exp: undefined })), 400, 'invalid_request_object');
    });

    it('a request object without nbf is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({}, { nbf: undefined })), 400, 'invalid_request_object');
    });

    it('a request object living more than 60 minutes (exp - nbf) is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({}, { nbf: now(), exp: now() + 3601 })), 400, 'invalid_request_object');
    });

    it('an unsigned (alg none) request object is refused', async () => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signed = (await parRequest()).split('.');
      const unsigned = `${encode({ alg: 'none' })}.${signed[1]}.`;
      expectOAuthError(await tpp.par(unsigned), 400, 'invalid_request_object');
    });

    it('a request object signed RS256 is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({}, {}, { alg: 'RS256' })), 400, 'invalid_request_object');
    });

    it('a request object with a bad signature is refused', async () => {
      const [header, payload, signature] = (await parRequest()).split('.');
      const forged = Buffer.from(signature, 'base64url');
      forged[0] ^= 0xff;
      expectOAuthError(await tpp.par(`${header}.${payload}.${forged.toString('base64url')}`), 400, 'invalid_request_object');
    });

    it('a request object for another audience is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({}, { aud: 'https://other-as.example' })), 400, 'invalid_request_object');
    });

    it("a request object signed with another client's key is refused", async () => {
      expectOAuthError(await tpp.par(await parRequest({}, {}, { jwk: otherTpp.key.privateJwk })), 400, 'invalid_request_object');
    });

    it('a request object that names no intent is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({ claims: undefined })), 400, 'invalid_request_object');
    });

    it('a by-value request is refused the same way at the authorization endpoint', async () => {
      const request = await tlsTpp.requestObject({ response_type: 'code id_token' }, { exp: undefined });
      const response = await tlsTpp.connection.request(tlsTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', request }));
      expectErrorPage(response, 400, 'invalid_request_object');
    });

    it('a request without a request object is refused, back to the registered redirect_uri', async () => {
      const response = await tlsTpp.connection.request(
        tlsTpp.authorizationUrl({ response_type: 'code id_token', scope: 'openid', redirect_uri: tlsTpp.redirectUri, nonce: 'n', state: 's' }),
      );
      expect(response.status).toBe(303);
      const callback = new URL(String(response.location));
      expect(`${callback.origin}${callback.pathname}`).toBe(tlsTpp.redirectUri);
      expect(new URLSearchParams(callback.hash.slice(1)).get('error')).toBe('invalid_request');
    });
  });

  describe('pushed authorization requests (FAPI 1.0 Advanced 5.2.2-10, -18; RFC 9126)', () => {
    it('an unregistered redirect_uri is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({ redirect_uri: 'https://attacker.example/cb' })), 400, 'invalid_request');
    });

    it('a request without redirect_uri is refused even though the client registered only one', async () => {
      expectOAuthError(await tpp.par(await parRequest({}, { redirect_uri: undefined })), 400, 'invalid_request');
    });

    it('a pushed request without PKCE is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({ code_challenge: undefined, code_challenge_method: undefined })), 400, 'invalid_request');
    });

    it('a pushed request with plain PKCE is refused', async () => {
      const { verifier } = pkce();
      expectOAuthError(await tpp.par(await parRequest({ code_challenge: verifier, code_challenge_method: 'plain' })), 400, 'invalid_request');
    });

    it('a code-only response without JARM is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({ response_mode: undefined })), 400, 'invalid_request');
    });

    it('a request_uri is single use', async () => {
      const consent = server.createConsent(tpp.clientId);
      const { requestUri } = await authoriseWithParAndJarm(server, tpp, browser, consent.consentId);
      expectErrorPage(await tpp.connection.request(tpp.authorizationUrl({ request_uri: requestUri })), 400, 'invalid_request_uri');
    });

    it('an expired request_uri is refused', async () => {
      const pushed = await tpp.par(await parRequest());
      const requestUri = String(pushed.json.request_uri);
      await expire('PushedAuthorizationRequest', requestUri.slice(PAR_URN.length));
      expectErrorPage(await tpp.connection.request(tpp.authorizationUrl({ request_uri: requestUri })), 400, 'invalid_request_uri');
    });
  });

  describe('the openbanking_intent_id binding (OB security profile)', () => {
    it('an unknown intent is refused', async () => {
      expectOAuthError(await tpp.par(await parRequest({ claims: intentClaims('aac-unknown') })), 400, 'invalid_request');
    });

    it('an intent created by another client is refused', async () => {
      const consent = server.createConsent(otherTpp.clientId);
      expectOAuthError(await tpp.par(await parRequest({ claims: intentClaims(consent.consentId) })), 400, 'invalid_request');
    });

    it('an intent that no longer awaits authorisation is refused', async () => {
      const consent = server.createConsent(tpp.clientId, { status: 'AUTH' });
      expectOAuthError(await tpp.par(await parRequest({ claims: intentClaims(consent.consentId) })), 400, 'access_denied');
    });
  });

  describe('the token endpoint (FAPI 1.0 Advanced 5.2.2-7; RFC 7636; RFC 6749 4.1.3)', () => {
    async function authorisedCode() {
      return authoriseWithParAndJarm(server, tpp, browser, server.createConsent(tpp.clientId).consentId);
    }

    it('a wrong code_verifier is refused', async () => {
      const { code } = await authorisedCode();
      const result = await tpp.token({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri, code_verifier: pkce().verifier });
      expectOAuthError(result, 400, 'invalid_grant');
    });

    it('a missing code_verifier is refused', async () => {
      const { code } = await authorisedCode();
      expectOAuthError(await tpp.token({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri }), 400, 'invalid_grant');
    });

    it('an authorization code older than its 60 s lifetime is refused, naming the rule', async () => {
      const { code, verifier } = await authorisedCode();
      await expire('AuthorizationCode', code);
      const result = await tpp.token({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri, code_verifier: verifier });
      expectOAuthError(result, 400, 'invalid_grant');
      expect(result.json.error_description).toBe(refusalText(AUTHORIZATION_SERVER_RULES.authorizationCodeLifetime, 'the authorization code is unknown or expired'));
    });

    it('a code redeemed by another client is refused', async () => {
      const { code, verifier } = await authorisedCode();
      const result = await otherTpp.token({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri, code_verifier: verifier });
      expectOAuthError(result, 400, 'invalid_grant');
    });
  });

  describe('client authentication (FAPI 1.0 Advanced 5.2.2-14; RFC 7523; RFC 8705)', () => {
    const clientCredentials = (assertion: string, client: TestTpp = tpp) => client.token({ grant_type: 'client_credentials', scope: 'accounts' }, assertion);

    it('a valid assertion is accepted (the baseline the refusals break)', async () => {
      expect((await clientCredentials(await tpp.clientAssertion())).status).toBe(200);
    });

    it('an assertion addressed to the issuer is accepted too', async () => {
      expect((await clientCredentials(await tpp.clientAssertion({ aud: server.issuer }))).status).toBe(200);
    });

    it('an assertion for another audience is refused', async () => {
      expectOAuthError(await clientCredentials(await tpp.clientAssertion({ aud: 'https://other-as.example/token' })), 401, 'invalid_client');
    });

    it('an assertion addressed to the PAR endpoint is accepted there (RFC 9126 2: the endpoint it is presented at)', async () => {
      expect((await tpp.par(await parRequest(), await tpp.clientAssertion({ aud: `${server.issuer}/request` }))).status).toBe(201);
    });

    it('an assertion addressed to the PAR endpoint is refused at the token endpoint', async () => {
      expectOAuthError(await clientCredentials(await tpp.clientAssertion({ aud: `${server.issuer}/request` })), 401, 'invalid_client');
    });

    it('an assertion whose iss is not the client is refused', async () => {
      expectOAuthError(await clientCredentials(await tpp.clientAssertion({ iss: otherTpp.clientId })), 401, 'invalid_client');
    });

    it('an assertion whose sub names another client is refused', async () => {
      const assertion = await tpp.clientAssertion({ sub: otherTpp.clientId });
      const result = await tpp.connection.postForm('/token', {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      });
      expectOAuthError(result, 401, 'invalid_client');
    });

    it('an expired assertion is refused', async () => {
      expectOAuthError(await clientCredentials(await tpp.clientAssertion({ iat: now() - 600, exp: now() - 300 })), 401, 'invalid_client');
    });

    it('an assertion issued in the future is refused', async () => {
      expectOAuthError(await clientCredentials(await tpp.clientAssertion({ iat: now() + 600, exp: now() + 660 })), 401, 'invalid_client');
    });

    it('an assertion signed RS256 is refused', async () => {
      expectOAuthError(await clientCredentials(await tpp.clientAssertion({}, { alg: 'RS256' })), 401, 'invalid_client');
    });

    it('a replayed assertion (same jti) is refused', async () => {
      const assertion = await tpp.clientAssertion({ jti: randomUUID() });
      expect((await clientCredentials(assertion)).status).toBe(200);
      expectOAuthError(await clientCredentials(assertion), 401, 'invalid_client');
    });

    it('tls_client_auth without a client certificate is refused', async () => {
      const anonymous = server.anonymous();
      const result = await anonymous.postForm('/token', { grant_type: 'client_credentials', scope: 'accounts', client_id: tlsTpp.clientId });
      await anonymous.close();
      expectOAuthError(result, 401, 'invalid_client');
    });

    it("tls_client_auth with another TPP's certificate (subject DN mismatch) is refused", async () => {
      const result = await tpp.connection.postForm('/token', { grant_type: 'client_credentials', scope: 'accounts', client_id: tlsTpp.clientId });
      expectOAuthError(result, 401, 'invalid_client');
    });

    it('tls_client_auth with a certificate the sandbox CA did not issue is refused', async () => {
      const foreign = server.pki.foreignCertificate(tlsTpp.clientName);
      const connection = new AsConnection(server.issuer, server.pki.caPem, foreign);
      const result = await connection.postForm('/token', { grant_type: 'client_credentials', scope: 'accounts', client_id: tlsTpp.clientId });
      await connection.close();
      expectOAuthError(result, 401, 'invalid_client');
    });
  });

  describe('dynamic client registration (FAPI 1.0 Advanced 5.2.2; docs/architecture.md)', () => {
    let connection: AsConnection;
    let metadata: Record<string, unknown>;
    const register = (body: Record<string, unknown>, token: string | null = server.pki.registrationToken) =>
      connection.postJson('/reg', body, token === null ? {} : { authorization: `Bearer ${token}` });

    beforeAll(async () => {
      connection = server.anonymous();
      const key = await signingKey('PS256');
      metadata = {
        client_name: 'Registration test',
        redirect_uris: ['https://tpp.example/callback'],
        jwks: { keys: [key.publicJwk] },
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'PS256',
        grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
        response_types: ['code id_token'],
        request_object_signing_alg: 'PS256',
        id_token_signed_response_alg: 'PS256',
        tls_client_certificate_bound_access_tokens: true,
        scope: 'openid accounts payments',
      };
    });

    afterAll(async () => {
      await connection.close();
    });

    it('registration without the initial access token is refused', async () => {
      expectOAuthError(await register(metadata, null), 401, 'invalid_token');
    });

    it('registration with a wrong initial access token is refused', async () => {
      expectOAuthError(await register(metadata, 'not-the-token'), 401, 'invalid_token');
    });

    it('a client registered with the token meets FAPI defaults', async () => {
      const result = await register(metadata);
      expect(result.status).toBe(201);
      expect(result.json).toMatchObject({ require_signed_request_object: true, tls_client_certificate_bound_access_tokens: true });
      expect(result.json).not.toHaveProperty('client_secret');
    });

    it('a client registered without a profile is a FAPI 1.0 Advanced client', async () => {
      expect((await register(metadata)).json).toMatchObject({ client_profile: 'fapi1-advanced' });
    });

    it('a client naming an unknown profile is refused, told the profiles there are', async () => {
      const result = await register({ ...metadata, client_profile: 'fapi3' });
      expectOAuthError(result, 400, 'invalid_client_metadata');
      expect(result.json.error_description).toBe(refusalText(AUTHORIZATION_SERVER_RULES.clientProfileKnown, 'client_profile is fapi3'));
    });

    it('a hybrid client may register an https://localhost redirect_uri (the sandbox TPP)', async () => {
      expect((await register({ ...metadata, redirect_uris: ['https://localhost:8445/callback'] })).status).toBe(201);
    });

    it.each([
      ['a shared-secret auth method', { token_endpoint_auth_method: 'client_secret_basic', token_endpoint_auth_signing_alg: undefined }, 'invalid_client_metadata'],
      ['an RS256 assertion alg', { token_endpoint_auth_signing_alg: 'RS256' }, 'invalid_client_metadata'],
      ['an RS256 id_token alg', { id_token_signed_response_alg: 'RS256' }, 'invalid_client_metadata'],
      ['an RS256 request object alg', { request_object_signing_alg: 'RS256' }, 'invalid_client_metadata'],
      ['unbound access tokens', { tls_client_certificate_bound_access_tokens: false }, 'invalid_client_metadata'],
      ['an http redirect_uri', { redirect_uris: ['http://tpp.example/callback'] }, 'invalid_redirect_uri'],
      ['tls_client_auth without a subject DN', { token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_signing_alg: undefined }, 'invalid_client_metadata'],
      ['an implicit response type', { response_types: ['id_token'] }, 'invalid_client_metadata'],
      ['unsigned request objects', { require_signed_request_object: false }, 'invalid_client_metadata'],
      ['DPoP-bound tokens (a FAPI 2.0 choice)', { dpop_bound_access_tokens: true }, 'invalid_client_metadata'],
    ])('a client with %s is refused', async (_what, change, error) => {
      expectOAuthError(await register({ ...metadata, ...change }), 400, error);
    });
  });
});
