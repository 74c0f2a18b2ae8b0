import { calculateJwkThumbprint, jwtVerify } from 'jose';
import { x5tS256 } from '@fapi/pki';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { type Browser, signingKey } from '@fapi/testing';
import { AuthorizationServerHarness, type Fapi2Registration, fapi2Metadata } from './testing/authorization-server-harness';
import { authoriseFapi2, fapi2AuthorizationParameters, pushFapi2Parameters } from './testing/psu-journey';
import { AsConnection, type HttpResult, type TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

function expectOAuthError(result: HttpResult, status: number, error: string, description?: string): void {
  expect({ status: result.status, error: result.json.error }).toEqual({ status, error });
  if (description !== undefined) expect(result.json.error_description).toBe(description);
}

describe('FAPI 2.0 clients: PAR, PKCE, iss, and DPoP- or mTLS-bound tokens (FAPI 2.0 Security Profile, RFC 9449, RFC 9207)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_fapi2');
  let signedDpopTpp: TestTpp;
  let unsignedDpopTpp: TestTpp;
  let mtlsTpp: TestTpp;
  let fapi1Tpp: TestTpp;
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    signedDpopTpp = await server.registerFapi2Tpp({ authMethod: 'private_key_jwt', alg: 'PS256', senderConstraint: 'dpop', requestObject: 'signed' });
    unsignedDpopTpp = await server.registerFapi2Tpp({ authMethod: 'private_key_jwt', alg: 'ES256', senderConstraint: 'dpop', requestObject: 'unsigned' });
    mtlsTpp = await server.registerFapi2Tpp({ authMethod: 'tls_client_auth', alg: 'PS256', senderConstraint: 'mtls', requestObject: 'signed' });
    fapi1Tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
  });

  beforeEach(() => {
    browser = server.browser();
  });

  afterEach(async () => {
    await browser?.close();
  });

  afterAll(async () => {
    for (const client of [signedDpopTpp, unsignedDpopTpp, mtlsTpp, fapi1Tpp]) await client?.connection.close();
    await server.stop();
  });

  const consentOf = (tpp: TestTpp) => server.createConsent(tpp.clientId).consentId;
  const verifyAccessToken = async (token: unknown) => (await jwtVerify(String(token), server.jwks, { issuer: server.issuer })).payload;

  describe('a DPoP-bound client', () => {
    it.each([
      ['a signed request object', true],
      ['plain parameters', false],
    ])('pushes %s, the PSU approves, the plain response carries iss, and the token is bound to its DPoP key', async (_what, signed) => {
      const tpp = signed ? signedDpopTpp : unsignedDpopTpp;
      const { code, iss, verifier, callback } = await authoriseFapi2(server, tpp, browser, consentOf(tpp), { signed });
      expect(iss).toBe(server.issuer);
      expect(callback.searchParams.has('response')).toBe(false);

      const tokens = await tpp.tokenWithDpop({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri, code_verifier: verifier });
      expect(tokens.status).toBe(200);
      expect(tokens.json.token_type).toBe('DPoP');
      const accessToken = await verifyAccessToken(tokens.json.access_token);
      expect(accessToken.cnf).toEqual({ jkt: await calculateJwkThumbprint(tpp.dpopKey!.publicJwk) });
    });

    it('asking for JARM (response_mode=jwt) gets a signed response that carries iss too', async () => {
      const { code, iss, callback } = await authoriseFapi2(server, signedDpopTpp, browser, consentOf(signedDpopTpp), { signed: true, jarm: true });
      expect(callback.searchParams.has('response')).toBe(true);
      expect(iss).toBe(server.issuer);
      expect(code).toEqual(expect.any(String));
    });

    it('a code pushed with a DPoP proof (RFC 9449 10.1) is redeemed with that key, and refused with another (invalid_grant)', async () => {
      const bound = await authoriseFapi2(server, signedDpopTpp, browser, consentOf(signedDpopTpp), { signed: true, dpopAtPar: true });
      const redeem = (code: string, verifier: string) => ({ grant_type: 'authorization_code', code, redirect_uri: signedDpopTpp.redirectUri, code_verifier: verifier });
      const otherKey = await signingKey('ES256');
      const refused = await signedDpopTpp.tokenWithDpop(redeem(bound.code, bound.verifier), otherKey);
      expectOAuthError(refused, 400, 'invalid_grant');

      const again = await authoriseFapi2(server, signedDpopTpp, browser, consentOf(signedDpopTpp), { signed: true, dpopAtPar: true });
      expect((await signedDpopTpp.tokenWithDpop(redeem(again.code, again.verifier))).status).toBe(200);
    });

    it('a refresh with the same key gets a token bound to it; a refresh proven with another key gets one bound to that key (RFC 9449 5: the refresh token of a confidential client is bound by its authentication)', async () => {
      const { code, verifier } = await authoriseFapi2(server, unsignedDpopTpp, browser, consentOf(unsignedDpopTpp), { signed: false });
      const tokens = await unsignedDpopTpp.tokenWithDpop({ grant_type: 'authorization_code', code, redirect_uri: unsignedDpopTpp.redirectUri, code_verifier: verifier });
      const refresh = { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) };

      const same = await unsignedDpopTpp.tokenWithDpop(refresh);
      expect(same.status).toBe(200);
      expect((await verifyAccessToken(same.json.access_token)).cnf).toEqual({ jkt: await calculateJwkThumbprint(unsignedDpopTpp.dpopKey!.publicJwk) });

      const otherKey = await signingKey('ES256');
      const other = await unsignedDpopTpp.tokenWithDpop(refresh, otherKey);
      expect(other.status).toBe(200);
      expect((await verifyAccessToken(other.json.access_token)).cnf).toEqual({ jkt: await calculateJwkThumbprint(otherKey.publicJwk) });
    });

    it('a code is redeemed once: the second redemption is refused (5.3.2.2-9)', async () => {
      const { code, verifier } = await authoriseFapi2(server, unsignedDpopTpp, browser, consentOf(unsignedDpopTpp), { signed: false });
      const redeem = { grant_type: 'authorization_code', code, redirect_uri: unsignedDpopTpp.redirectUri, code_verifier: verifier };
      expect((await unsignedDpopTpp.tokenWithDpop(redeem)).status).toBe(200);
      expectOAuthError(await unsignedDpopTpp.tokenWithDpop(redeem), 400, 'invalid_grant');
    });
  });

  describe('an mTLS-bound client', () => {
    it('works as FAPI 1.0 clients do: its token is bound to its certificate (cnf x5t#S256), token_type Bearer', async () => {
      const { code, iss, verifier } = await authoriseFapi2(server, mtlsTpp, browser, consentOf(mtlsTpp), { signed: true });
      expect(iss).toBe(server.issuer);
      const tokens = await mtlsTpp.token({ grant_type: 'authorization_code', code, redirect_uri: mtlsTpp.redirectUri, code_verifier: verifier });
      expect(tokens.status).toBe(200);
      expect(tokens.json.token_type).toBe('Bearer');
      expect((await verifyAccessToken(tokens.json.access_token)).cnf).toEqual({ 'x5t#S256': x5tS256(mtlsTpp.transport.cert) });
    });
  });

  describe('what the profile forbids is refused, naming the rule (FAPI 2.0 Security Profile 5.3.2.1, 5.3.2.2)', () => {
    const push = (tpp: TestTpp, change: Record<string, string | undefined>, signed = false) => {
      const consentId = consentOf(tpp);
      const { parameters } = fapi2AuthorizationParameters(tpp, consentId);
      return pushFapi2Parameters(tpp, consentId, { ...parameters, ...change }, { signed });
    };

    it('a pushed request gets a request_uri living at most 60 s (5.3.2.2-12)', async () => {
      const pushed = await push(unsignedDpopTpp, {});
      expect(pushed.status).toBe(201);
      expect(pushed.json.expires_in).toBeLessThanOrEqual(60);
    });

    it('a request not pushed is refused at the authorization endpoint (5.3.2.2-3)', async () => {
      const { parameters } = fapi2AuthorizationParameters(unsignedDpopTpp, consentOf(unsignedDpopTpp));
      const answer = await unsignedDpopTpp.connection.request(unsignedDpopTpp.authorizationUrl(parameters));
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('invalid_request');
      expect(answer.text).toContain(refusalText(RULES.fapi2PushedRequestsOnly, 'the request has no pushed request_uri'));
    });

    it.each([
      ['plain parameters', false],
      ['a request object', true],
    ])('response_type code id_token in %s is refused (5.3.2.2-1)', async (_what, signed) => {
      const tpp = signed ? signedDpopTpp : unsignedDpopTpp;
      const answer = await push(tpp, { response_type: 'code id_token', nonce: 'n-1' }, signed);
      expectOAuthError(answer, 400, 'invalid_request', refusalText(RULES.fapi2ResponseType, 'response_type is code id_token'));
    });

    it('a request without PKCE is refused (5.3.2.2-5)', async () => {
      const answer = await push(unsignedDpopTpp, { code_challenge: undefined, code_challenge_method: undefined });
      expectOAuthError(answer, 400, 'invalid_request', refusalText(RULES.fapi2Pkce, 'the request has no code_challenge'));
    });

    it('plain PKCE is refused (5.3.2.2-5: S256 only)', async () => {
      const answer = await push(unsignedDpopTpp, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
      expectOAuthError(answer, 400, 'invalid_request');
    });

    it('a request without redirect_uri is refused though the client registered one (5.3.2.2-6)', async () => {
      expectOAuthError(await push(unsignedDpopTpp, { redirect_uri: undefined }), 400, 'invalid_request');
    });

    it('plain parameters naming no intent (no claims parameter) are refused at PAR (OB security profile)', async () => {
      const { parameters } = fapi2AuthorizationParameters(unsignedDpopTpp, 'unused');
      const answer = await unsignedDpopTpp.parParameters(parameters);
      expectOAuthError(answer, 400, 'invalid_request', refusalText(RULES.pushedParametersNameIntent, 'the pushed parameters request no openbanking_intent_id value'));
    });

    it('plain parameters from a client that registered signed request objects are refused (Message Signing)', async () => {
      expectOAuthError(await push(signedDpopTpp, {}, false), 400, 'invalid_request', 'Request Object must be used by this client');
    });

    describe('the client assertion audience (5.3.2.1-8: the issuer only, as a string)', () => {
      // A fresh assertion per attempt: the one of a request answered use_dpop_nonce is spent (its jti is remembered).
      const clientCredentials = (tpp: TestTpp, aud: unknown) =>
        tpp.withDpopNonce({}, async (headers) => tpp.token({ grant_type: 'client_credentials', scope: 'accounts' }, await tpp.clientAssertion({ aud }), headers));
      const audienceRefused = (aud: string) => refusalText(RULES.fapi2AssertionAudience, `aud is ${aud}`);

      it('aud = the issuer is accepted', async () => {
        expect((await clientCredentials(signedDpopTpp, server.issuer)).status).toBe(200);
      });

      it('aud = the token endpoint is refused', async () => {
        expectOAuthError(await clientCredentials(signedDpopTpp, `${server.issuer}/token`), 401, 'invalid_client', audienceRefused(`${server.issuer}/token`));
      });

      it('aud = [the issuer] (an array) is refused', async () => {
        expectOAuthError(await clientCredentials(signedDpopTpp, [server.issuer]), 401, 'invalid_client', audienceRefused('an array'));
      });

      it('aud = the PAR endpoint, presented there, is refused', async () => {
        const consentId = consentOf(unsignedDpopTpp);
        const { parameters } = fapi2AuthorizationParameters(unsignedDpopTpp, consentId);
        const assertion = await unsignedDpopTpp.clientAssertion({ aud: `${server.issuer}/request` });
        expectOAuthError(await unsignedDpopTpp.parParameters(parameters, assertion), 401, 'invalid_client', audienceRefused(`${server.issuer}/request`));
      });

      it('while a FAPI 1.0 client may still address the token endpoint', async () => {
        const assertion = await fapi1Tpp.clientAssertion({ aud: `${server.issuer}/token` });
        expect((await fapi1Tpp.token({ grant_type: 'client_credentials', scope: 'accounts' }, assertion)).status).toBe(200);
      });
    });
  });

  describe('registration of a FAPI 2.0 client', () => {
    let connection: AsConnection;
    let metadata: Record<string, unknown>;
    const register = (body: Record<string, unknown>) => connection.postJson('/reg', body, { authorization: `Bearer ${server.pki.registrationToken}` });
    const dpopSigned: Fapi2Registration = { authMethod: 'private_key_jwt', alg: 'ES256', senderConstraint: 'dpop', requestObject: 'signed' };

    beforeAll(async () => {
      connection = server.anonymous();
      metadata = fapi2Metadata(dpopSigned, await signingKey('ES256'), 'Registration test');
    });

    afterAll(async () => {
      await connection?.close();
    });

    it('a DPoP client is recorded with its profile, PAR required, DPoP-bound and not certificate-bound tokens', async () => {
      const registered = await register(metadata);
      expect(registered.status).toBe(201);
      expect(registered.json).toMatchObject({
        client_profile: 'fapi2',
        require_pushed_authorization_requests: true,
        dpop_bound_access_tokens: true,
        tls_client_certificate_bound_access_tokens: false,
        require_signed_request_object: true,
      });
    });

    it('a DPoP client that leaves out tls_client_certificate_bound_access_tokens is still not certificate-bound', async () => {
      const registered = await register({ ...metadata, tls_client_certificate_bound_access_tokens: undefined });
      expect(registered.json).toMatchObject({ dpop_bound_access_tokens: true, tls_client_certificate_bound_access_tokens: false });
    });

    it('an unsigned client is recorded as such', async () => {
      const registered = await register({ ...metadata, require_signed_request_object: false, request_object_signing_alg: undefined });
      expect(registered.status).toBe(201);
      expect(registered.json.require_signed_request_object).toBe(false);
    });

    it.each([
      ['both sender constraints', { tls_client_certificate_bound_access_tokens: true }, 'invalid_client_metadata'],
      ['no sender constraint', { dpop_bound_access_tokens: false }, 'invalid_client_metadata'],
      ['response_types code id_token', { response_types: ['code id_token'] }, 'invalid_client_metadata'],
      ['PAR not required', { require_pushed_authorization_requests: false }, 'invalid_client_metadata'],
      ['no request object choice', { require_signed_request_object: undefined }, 'invalid_client_metadata'],
      ['signed request objects without their alg', { request_object_signing_alg: undefined }, 'invalid_client_metadata'],
      ['a shared-secret auth method', { token_endpoint_auth_method: 'client_secret_basic', token_endpoint_auth_signing_alg: undefined }, 'invalid_client_metadata'],
      ['tls_client_auth without a subject DN', { token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_signing_alg: undefined }, 'invalid_client_metadata'],
      ['an http redirect_uri', { redirect_uris: ['http://tpp.example/callback'] }, 'invalid_redirect_uri'],
    ])('a client with %s is refused', async (_what, change, error) => {
      expectOAuthError(await register({ ...metadata, ...change }), 400, error);
    });
  });
});
