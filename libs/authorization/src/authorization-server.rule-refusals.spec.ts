import * as cheerio from 'cheerio';
import { AUTHORIZATION_SERVER_RULES as RULES, REFUSAL_RULES, type RefusalRule, refusalText, ruleCitedBy } from '@fapi/refusal-catalogue';
import { pkce, signingKey } from '@fapi/testing';
import { AuthorizationServerHarness, type Fapi2Registration, fapi2Metadata } from './testing/authorization-server-harness';
import { ConsoleReader } from './testing/developer-console';
import { authoriseWithParAndJarm, fapi2AuthorizationParameters, pushFapi2Parameters } from './testing/psu-journey';
import { type AsConnection, type HttpResult, intentClaims, now, type TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

/** A deliberately wrong request, and the refusal that names the rule it breaks. */
interface WrongRequest {
  what: string;
  send: () => Promise<HttpResult>;
  status: number;
  error: string;
  rule: RefusalRule;
  /** What the refusal says it received (a function where it names the server's URL, known once it started); left out where it depends on the moment (an age in seconds). */
  received?: string | (() => string);
  /** The client that sent it, whose developer console then shows it (registration requests come from no client yet). */
  from?: 'fapi1' | 'fapi2';
}

/** What the client reads of a refusal: from the JSON error, or from the error page when the AS cannot redirect. */
function refusalOf(result: HttpResult): { status: number; error?: string; description?: string } {
  if (result.json.error !== undefined) return { status: result.status, error: String(result.json.error), description: String(result.json.error_description) };
  const page = cheerio.load(result.text);
  const field = (name: string) => page(`#oauth-error dt:contains("${name}") + dd`).first().text();
  return { status: result.status, error: field('error'), description: field('error_description') };
}

describe('every refusal of the authorization server names its rule, what it expects and what it received, in the answer and in that client’s developer console (issue 10)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_rule_refusals');
  let fapi1: TestTpp;
  let fapi2: TestTpp;
  let registration: AsConnection;
  let fapi1Metadata: Record<string, unknown>;
  let fapi2DpopMetadata: Record<string, unknown>;
  /** Each client's developer console, read as its developer does (a login link's cookie, no certificate). */
  const consoles = {} as Record<'fapi1' | 'fapi2', ConsoleReader>;

  beforeAll(async () => {
    await server.start();
    fapi1 = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    fapi2 = await server.registerFapi2Tpp({ authMethod: 'private_key_jwt', alg: 'ES256', senderConstraint: 'dpop', requestObject: 'unsigned' });
    registration = server.anonymous();
    consoles.fapi1 = await ConsoleReader.withLoginLink(fapi1, server.pki.caPem);
    consoles.fapi2 = await ConsoleReader.withLoginLink(fapi2, server.pki.caPem);
    const key = await signingKey('PS256');
    fapi1Metadata = {
      client_name: 'Refusal table',
      redirect_uris: ['https://tpp.example/callback'],
      jwks: { keys: [key.publicJwk] },
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code id_token'],
      request_object_signing_alg: 'PS256',
      id_token_signed_response_alg: 'PS256',
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid accounts payments',
    };
    const dpopSigned: Fapi2Registration = { authMethod: 'private_key_jwt', alg: 'ES256', senderConstraint: 'dpop', requestObject: 'signed' };
    fapi2DpopMetadata = fapi2Metadata(dpopSigned, await signingKey('ES256'), 'Refusal table');
  });

  afterAll(async () => {
    for (const reader of Object.values(consoles)) await reader.close();
    for (const connection of [fapi1?.connection, fapi2?.connection, registration]) await connection?.close();
    await server.stop();
  });

  const consentOf = (tpp: TestTpp, overrides = {}) => server.createConsent(tpp.clientId, overrides).consentId;
  /** A FAPI 1.0 pushed request object, valid but for what the row breaks. */
  const fapi1Par = async (claims: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) =>
    fapi1.par(
      await fapi1.requestObject(
        { response_type: 'code', response_mode: 'jwt', code_challenge: pkce().challenge, code_challenge_method: 'S256', claims: intentClaims(consentOf(fapi1)), ...claims },
        overrides,
      ),
    );
  /** FAPI 2.0 plain parameters pushed, valid but for what the row breaks. */
  const fapi2Push = (change: Record<string, string | undefined>) => {
    const consentId = consentOf(fapi2);
    return pushFapi2Parameters(fapi2, consentId, { ...fapi2AuthorizationParameters(fapi2, consentId).parameters, ...change }, { signed: false });
  };
  /** A FAPI 1.0 request object whose signature is broken in its first byte. */
  const forgedRequestObject = async () => {
    const [header, payload, signature] = (await fapi1.requestObject({ claims: intentClaims(consentOf(fapi1)) })).split('.');
    const forged = Buffer.from(signature, 'base64url');
    forged[0] ^= 0xff;
    return `${header}.${payload}.${forged.toString('base64url')}`;
  };
  /** A FAPI 1.0 code authorised by the PSU, redeemed with `redeem` (code_verifier: the right one). */
  const redeemCode = async (redeem: (code: string, verifier: string) => Promise<HttpResult>) => {
    const browser = server.browser();
    try {
      const { code, verifier } = await authoriseWithParAndJarm(server, fapi1, browser, consentOf(fapi1));
      return await redeem(code, verifier);
    } finally {
      await browser.close();
    }
  };
  const codeExchange = (code: string, change: Record<string, string | undefined>) =>
    fapi1.token({ grant_type: 'authorization_code', code, redirect_uri: fapi1.redirectUri, ...change });
  const register = (metadata: Record<string, unknown>) => registration.postJson('/reg', metadata, { authorization: `Bearer ${server.pki.registrationToken}` });
  /** A client_credentials token request with a client assertion changed by `assertion` (a DPoP client's with its proof). */
  const clientCredentials = async (tpp: TestTpp, assertion: Record<string, unknown>) => {
    const send = async (headers: Record<string, string>) => tpp.token({ grant_type: 'client_credentials', scope: 'accounts' }, await tpp.clientAssertion(assertion), headers);
    return tpp.dpopKey ? tpp.withDpopNonce({}, send) : send({});
  };

  const wrongRequests: WrongRequest[] = [
    {
      what: 'FAPI 1.0: a request object without exp',
      from: 'fapi1',
      send: () => fapi1Par({}, { exp: undefined }),
      status: 400,
      error: 'invalid_request_object',
      rule: RULES.requestObjectClaims,
      received: 'the request object has no exp claim',
    },
    {
      what: 'FAPI 1.0: a request object living 4200 s from nbf to exp',
      from: 'fapi1',
      send: () => fapi1Par({}, { nbf: now(), exp: now() + 4200 }),
      status: 400,
      error: 'invalid_request_object',
      rule: RULES.requestObjectLifetime,
      received: 'request object exp - nbf is 4200 s',
    },
    {
      what: 'FAPI 1.0: a request object naming no intent',
      from: 'fapi1',
      send: () => fapi1Par({ claims: undefined }),
      status: 400,
      error: 'invalid_request_object',
      rule: RULES.requestObjectNamesIntent,
      received: 'the request object requests no openbanking_intent_id value',
    },
    {
      what: 'FAPI 1.0: an intent no consent of this client has',
      from: 'fapi1',
      send: () => fapi1Par({ claims: intentClaims('aac-unknown') }),
      status: 400,
      error: 'invalid_request',
      rule: RULES.intentOfClient,
      received: 'this client has no consent aac-unknown',
    },
    {
      what: 'FAPI 1.0: an intent already authorised',
      from: 'fapi1',
      send: async () => {
        const consentId = consentOf(fapi1, { status: 'AUTH' });
        return fapi1Par({ claims: intentClaims(consentId) });
      },
      status: 400,
      error: 'access_denied',
      rule: RULES.intentAwaitingAuthorisation,
    },
    {
      what: 'FAPI 1.0: a pushed request without PKCE',
      from: 'fapi1',
      send: () => fapi1Par({ code_challenge: undefined, code_challenge_method: undefined }),
      status: 400,
      error: 'invalid_request',
      rule: RULES.fapi1Pkce,
      received: 'the request has no code_challenge',
    },
    {
      what: 'FAPI 1.0: a client assertion issued ten minutes ahead',
      from: 'fapi1',
      send: () => clientCredentials(fapi1, { iat: now() + 600, exp: now() + 660 }),
      status: 401,
      error: 'invalid_client',
      rule: RULES.assertionIssuedAt,
    },
    {
      what: 'FAPI 1.0: a request object with a forged signature',
      from: 'fapi1',
      send: async () => fapi1.par(await forgedRequestObject()),
      status: 400,
      error: 'invalid_request_object',
      rule: RULES.requestObjectSignature,
      received: 'could not validate Request Object',
    },
    {
      what: 'FAPI 1.0: a request object signed RS256',
      from: 'fapi1',
      send: async () => fapi1.par(await fapi1.requestObject({ claims: intentClaims(consentOf(fapi1)) }, {}, { alg: 'RS256' })),
      status: 400,
      error: 'invalid_request_object',
      rule: RULES.requestObjectSignature,
      received: 'unsupported signed request alg',
    },
    {
      what: 'FAPI 1.0: an unregistered redirect_uri',
      from: 'fapi1',
      send: () => fapi1Par({ redirect_uri: 'https://attacker.example/cb' }),
      status: 400,
      error: 'invalid_request',
      rule: RULES.registeredRedirectUri,
      received: "redirect_uri did not match any of the client's registered redirect_uris",
    },
    {
      what: 'FAPI 1.0: a request object without nonce',
      from: 'fapi1',
      send: () => fapi1Par({}, { nonce: undefined }),
      status: 400,
      error: 'invalid_request',
      rule: RULES.nonceOrState,
      received: "missing required parameter 'nonce'",
    },
    {
      what: 'FAPI 1.0: a code redeemed without code_verifier',
      from: 'fapi1',
      send: () => redeemCode((code) => codeExchange(code, {})),
      status: 400,
      error: 'invalid_grant',
      rule: RULES.codeVerifier,
      received: 'the token request has no code_verifier',
    },
    {
      what: 'FAPI 1.0: a code redeemed with another code_verifier',
      from: 'fapi1',
      send: () => redeemCode((code) => codeExchange(code, { code_verifier: pkce().verifier })),
      status: 400,
      error: 'invalid_grant',
      rule: RULES.codeVerifier,
      received: 'the code_verifier does not hash to the code_challenge',
    },
    {
      what: 'FAPI 1.0: a code redeemed twice',
      from: 'fapi1',
      send: () =>
        redeemCode(async (code, verifier) => {
          await codeExchange(code, { code_verifier: verifier });
          return codeExchange(code, { code_verifier: verifier });
        }),
      status: 400,
      error: 'invalid_grant',
      rule: RULES.consumedOnce,
    },
    {
      what: 'FAPI 2.0: response_type code id_token',
      from: 'fapi2',
      send: () => fapi2Push({ response_type: 'code id_token', nonce: 'n-1' }),
      status: 400,
      error: 'invalid_request',
      rule: RULES.fapi2ResponseType,
      received: 'response_type is code id_token',
    },
    {
      what: 'FAPI 2.0: a pushed request without PKCE',
      from: 'fapi2',
      send: () => fapi2Push({ code_challenge: undefined, code_challenge_method: undefined }),
      status: 400,
      error: 'invalid_request',
      rule: RULES.fapi2Pkce,
      received: 'the request has no code_challenge',
    },
    {
      what: 'FAPI 2.0: plain parameters naming no intent',
      from: 'fapi2',
      send: () => fapi2.parParameters(fapi2AuthorizationParameters(fapi2, 'unused').parameters),
      status: 400,
      error: 'invalid_request',
      rule: RULES.pushedParametersNameIntent,
      received: 'the pushed parameters request no openbanking_intent_id value',
    },
    {
      what: 'FAPI 2.0: an authorization request not pushed (an error page)',
      from: 'fapi2',
      send: () => fapi2.connection.request(fapi2.authorizationUrl(fapi2AuthorizationParameters(fapi2, consentOf(fapi2)).parameters)),
      status: 400,
      error: 'invalid_request',
      rule: RULES.fapi2PushedRequestsOnly,
      received: 'the request has no pushed request_uri',
    },
    {
      what: 'FAPI 2.0: a client assertion addressed to the token endpoint',
      from: 'fapi2',
      send: () => clientCredentials(fapi2, { aud: `${server.issuer}/token` }),
      status: 401,
      error: 'invalid_client',
      rule: RULES.fapi2AssertionAudience,
      received: () => `aud is ${server.issuer}/token`,
    },
    {
      what: 'FAPI 2.0: a DPoP client’s token request without a proof',
      from: 'fapi2',
      send: () => fapi2.token({ grant_type: 'client_credentials', scope: 'accounts' }),
      status: 400,
      error: 'invalid_dpop_proof',
      rule: RULES.dpopProofRequired,
      received: 'the token request has no DPoP header',
    },
    {
      what: 'FAPI 2.0: a DPoP proof made two minutes ago',
      from: 'fapi2',
      send: () => fapi2.withDpopNonce({ iat: now() - 120 }, (headers) => fapi2.token({ grant_type: 'client_credentials', scope: 'accounts' }, undefined, headers)),
      status: 400,
      error: 'invalid_dpop_proof',
      rule: RULES.dpopProofFresh,
    },
    {
      what: 'registration: an unknown client_profile',
      send: () => register({ ...fapi1Metadata, client_profile: 'fapi3' }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.clientProfileKnown,
      received: 'client_profile is fapi3',
    },
    {
      what: 'registration, FAPI 1.0: a shared-secret auth method',
      send: () => register({ ...fapi1Metadata, token_endpoint_auth_method: 'client_secret_basic', token_endpoint_auth_signing_alg: undefined }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.profileAuthMethod,
      received: 'token_endpoint_auth_method is client_secret_basic; FAPI 1.0 Advanced clients authenticate with private_key_jwt or tls_client_auth',
    },
    {
      what: 'registration, FAPI 1.0: tokens not certificate-bound',
      send: () => register({ ...fapi1Metadata, tls_client_certificate_bound_access_tokens: false }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.certificateBoundTokens,
      received: 'tls_client_certificate_bound_access_tokens is false',
    },
    {
      what: 'registration, FAPI 1.0: an http redirect_uri',
      send: () => register({ ...fapi1Metadata, redirect_uris: ['http://tpp.example/callback'] }),
      status: 400,
      error: 'invalid_redirect_uri',
      rule: RULES.httpsRedirectUris,
      received: 'redirect_uris has a uri that is not https',
    },
    {
      what: 'registration, FAPI 1.0: tls_client_auth without a subject DN',
      send: () => register({ ...fapi1Metadata, token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_signing_alg: undefined }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.subjectDnRegistered,
      received: 'tls_client_auth_subject_dn is absent',
    },
    {
      what: 'registration: a jwks_uri over http',
      send: () => register({ ...fapi1Metadata, jwks: undefined, jwks_uri: 'http://tpp.example/jwks' }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.jwksUriHttps,
      received: 'jwks_uri is not an https uri',
    },
    {
      what: 'registration, FAPI 2.0: both sender constraints',
      send: () => register({ ...fapi2DpopMetadata, tls_client_certificate_bound_access_tokens: true }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.oneSenderConstraint,
      received: 'both are true',
    },
    {
      what: 'registration, FAPI 2.0: response_types code id_token',
      send: () => register({ ...fapi2DpopMetadata, response_types: ['code id_token'] }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.codeResponseTypes,
      received: 'response_types is code id_token',
    },
    {
      what: 'registration, FAPI 2.0: PAR not required',
      send: () => register({ ...fapi2DpopMetadata, require_pushed_authorization_requests: false }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.pushedRequestsRequired,
      received: 'require_pushed_authorization_requests is false',
    },
    {
      what: 'registration, FAPI 2.0: signed request objects without their alg',
      send: () => register({ ...fapi2DpopMetadata, request_object_signing_alg: undefined }),
      status: 400,
      error: 'invalid_client_metadata',
      rule: RULES.requestObjectChoice,
      received: 'request_object_signing_alg is absent',
    },
  ];

  it.each(wrongRequests)('$what: $status $error, rule $rule.id', async ({ send, status, error, rule, received, from }) => {
    const before = from ? await consoles[from].citing(rule.id) : 0;
    const refusal = refusalOf(await send());
    expect({ status: refusal.status, error: refusal.error, rule: ruleCitedBy(refusal.description) }).toEqual({ status, error, rule: rule.id });
    if (received !== undefined) expect(refusal.description).toBe(refusalText(rule, typeof received === 'function' ? received() : received));
    else expect(refusal.description).toMatch(/^.+; /);
    if (!from) return;
    // the developer console half: the same rule in that client's console, never in the other client's
    await consoles[from].awaitCiting(rule.id, before);
    expect(await consoles[from === 'fapi1' ? 'fapi2' : 'fapi1'].citing(rule.id)).toBe(0);
  });

  describe('the rules page a refusal points to', () => {
    it('lists every rule at <issuer>/docs/rules, each at the anchor of its id, in the bank’s look', async () => {
      const answer = await registration.request('/docs/rules');
      expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringContaining('text/html') });
      const page = cheerio.load(answer.text);
      for (const rule of REFUSAL_RULES) expect(page(`dt[id="${rule.id}"] + dd .rule-expected`).text()).toBe(rule.expected);
    });

    it('publishes the same catalogue as JSON', async () => {
      const answer = await registration.request('/docs/rules.json');
      const published = (answer.json.sections as { rules: RefusalRule[] }[]).flatMap((section) => section.rules);
      expect(published).toEqual(REFUSAL_RULES);
    });

    it('is linked from the error page, at the rule the refusal names', async () => {
      const answer = await fapi2.connection.request(fapi2.authorizationUrl(fapi2AuthorizationParameters(fapi2, consentOf(fapi2)).parameters));
      expect(cheerio.load(answer.text)('#rules-page').attr('href')).toBe(`${server.issuer}/docs/rules#${RULES.fapi2PushedRequestsOnly.id}`);
    });
  });
});
