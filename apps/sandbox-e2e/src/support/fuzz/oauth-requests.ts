import fc from 'fast-check';
import { headerValue, hostileText, jsonContentType } from './hostile-values';

/** The authorization server's endpoints the fuzzer calls, from its discovery document. */
export type AsEndpoint = 'par' | 'token' | 'authorization' | 'introspection' | 'revocation' | 'registration' | 'userinfo';

/** A request to the AS as generated: the sender adds a valid client authentication when `clientAuth` says so. */
export interface AsRequest {
  endpoint: AsEndpoint;
  method: string;
  /** Appended to the endpoint's URL (a query, or a path below it). */
  suffix: string;
  headers: Record<string, string>;
  /** Form parameters (sent url-encoded), or a raw body. */
  form?: Record<string, string>;
  raw?: string;
  clientAuth: boolean;
  /** A fresh, validly signed request object for PAR (the rest of PAR's parameters still hostile). */
  signedRequestObject: boolean;
}

/** Real values an endpoint knows, so that some requests get past the first check: tokens, client ids, URIs. */
export interface KnownValues {
  clientId: string;
  redirectUri: string;
  tokens: string[];
  initialAccessToken: string;
}

const oneOf = (plausible: fc.Arbitrary<string>) => fc.oneof({ arbitrary: plausible, weight: 2 }, { arbitrary: hostileText, weight: 3 });

/** Form parameters: some of `parameters` (each plausible or hostile), plus unknown ones, repeated ones via the raw body. */
const formOf = (parameters: Record<string, fc.Arbitrary<string>>) =>
  fc.tuple(
    fc.record(Object.fromEntries(Object.entries(parameters).map(([name, value]) => [name, oneOf(value)])), { requiredKeys: [] }),
    fc.dictionary(hostileText, hostileText, { maxKeys: 2 }),
  ).map(([known, extra]) => ({ ...extra, ...(known as Record<string, string>) }));

function parameters(known: KnownValues) {
  const scope = fc.constantFrom('openid accounts', 'openid payments', 'accounts', 'payments', 'openid', 'openid accounts payments admin');
  return {
    client_id: fc.constant(known.clientId),
    redirect_uri: fc.constantFrom(known.redirectUri, 'https://evil.example/cb', 'http://127.0.0.1/cb'),
    response_type: fc.constantFrom('code', 'code id_token', 'token', 'none', 'id_token'),
    response_mode: fc.constantFrom('jwt', 'query', 'fragment', 'form_post', 'query.jwt'),
    scope,
    state: fc.uuid(),
    nonce: fc.uuid(),
    code_challenge: fc.constant('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
    code_challenge_method: fc.constantFrom('S256', 'plain'),
    prompt: fc.constantFrom('login', 'consent', 'none', 'create'),
    request_uri: hostileText.map((text) => `urn:ietf:params:oauth:request_uri:${text}`),
    request: fc.constantFrom('eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.', 'a.b.c', 'eyJ9.e30.'),
    claims: fc.constantFrom('{"id_token":{"openbanking_intent_id":{"value":"\\u0000","essential":true}}}', '{', '[]', '{"userinfo":null}'),
    grant_type: fc.constantFrom('authorization_code', 'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'password', 'implicit'),
    code: fc.uuid(),
    code_verifier: fc.constant('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    refresh_token: fc.uuid(),
    token: fc.constantFrom(...known.tokens),
    token_type_hint: fc.constantFrom('access_token', 'refresh_token', 'client_credentials', 'id_token'),
    client_assertion_type: fc.constant('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
    client_assertion: fc.constantFrom('a.b.c', 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.'),
  };
}

const pick = <T extends object, K extends keyof T>(all: T, ...keys: K[]) => Object.fromEntries(keys.map((key) => [key, all[key]])) as Pick<T, K>;

/** Client registration metadata (RFC 7591): the members FAPI clients send, plausible or hostile, plus unknown ones. */
function registrationBody(known: KnownValues): fc.Arbitrary<string> {
  const metadata = fc.record(
    {
      redirect_uris: fc.oneof(fc.constant([known.redirectUri]), fc.array(hostileText, { maxLength: 3 }), hostileText),
      token_endpoint_auth_method: fc.oneof(fc.constantFrom('private_key_jwt', 'tls_client_auth', 'client_secret_basic', 'none'), hostileText),
      grant_types: fc.oneof(fc.constant(['authorization_code', 'client_credentials']), fc.array(hostileText, { maxLength: 2 })),
      response_types: fc.oneof(fc.constant(['code']), fc.array(hostileText, { maxLength: 2 })),
      jwks: fc.oneof(fc.constant({ keys: [] }), fc.constant({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }), hostileText),
      // a URI no one serves: the fuzzer must not make the AS fetch from the network
      jwks_uri: fc.oneof(hostileText, fc.constant('not a uri')),
      tls_client_auth_subject_dn: hostileText,
      client_name: hostileText,
      id_token_signed_response_alg: fc.oneof(fc.constantFrom('PS256', 'ES256', 'none', 'HS256'), hostileText),
      request_object_signing_alg: fc.oneof(fc.constantFrom('PS256', 'none'), hostileText),
      scope: hostileText,
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { arbitrary: fc.tuple(metadata, fc.dictionary(hostileText, hostileText, { maxKeys: 2 })).map(([members, extra]) => JSON.stringify({ ...extra, ...members })), weight: 5 },
    { arbitrary: hostileText, weight: 1 },
  );
}

/** Requests to every fuzzed AS endpoint, derived from its parameters. */
export function asRequests(known: KnownValues): fc.Arbitrary<AsRequest> {
  const all = parameters(known);
  const formRequest = (endpoint: AsEndpoint, form: fc.Arbitrary<Record<string, string>>, signedRequestObject: fc.Arbitrary<boolean> = fc.constant(false)) =>
    fc.record({ form, clientAuth: fc.boolean(), signedRequestObject, contentType: fc.oneof({ arbitrary: fc.constant('application/x-www-form-urlencoded'), weight: 8 }, { arbitrary: jsonContentType.map((type) => type ?? 'text/plain'), weight: 1 }) })
      .map(({ form: fields, clientAuth, signedRequestObject: signed, contentType }): AsRequest => ({
        endpoint, method: 'POST', suffix: '', headers: { 'content-type': contentType, accept: 'application/json' }, form: fields, clientAuth, signedRequestObject: signed,
      }));
  const bearer = fc.oneof(fc.constantFrom(...known.tokens).map((token) => `Bearer ${token}`), headerValue);
  return fc.oneof(
    formRequest('par', formOf(pick(all, 'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'request_uri', 'request', 'claims', 'response_mode', 'prompt')), fc.boolean()),
    formRequest('token', formOf(pick(all, 'grant_type', 'code', 'code_verifier', 'redirect_uri', 'refresh_token', 'scope', 'client_id', 'client_assertion_type', 'client_assertion'))),
    formRequest('introspection', formOf(pick(all, 'token', 'token_type_hint', 'client_id'))),
    formRequest('revocation', formOf(pick(all, 'token', 'token_type_hint', 'client_id'))),
    formOf(pick(all, 'client_id', 'request_uri', 'response_type', 'scope', 'redirect_uri', 'state', 'nonce', 'prompt', 'request', 'response_mode', 'claims')).map(
      (query): AsRequest => ({ endpoint: 'authorization', method: 'GET', suffix: `?${new URLSearchParams(query)}`, headers: { accept: 'text/html' }, clientAuth: false, signedRequestObject: false }),
    ),
    fc.record({ authorization: fc.oneof({ arbitrary: fc.constant(`Bearer ${known.initialAccessToken}`), weight: 4 }, { arbitrary: bearer, weight: 1 }), body: registrationBody(known), contentType: jsonContentType }).map(
      ({ authorization, body, contentType }): AsRequest => ({
        endpoint: 'registration', method: 'POST', suffix: '', headers: { authorization, accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) }, raw: body, clientAuth: false, signedRequestObject: false,
      }),
    ),
    fc.record({ method: fc.constantFrom('GET', 'PUT', 'DELETE'), id: hostileText, authorization: bearer }).map(
      ({ method, id, authorization }): AsRequest => ({ endpoint: 'registration', method, suffix: `/${encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '')) || 'x'}`, headers: { authorization, accept: 'application/json' }, clientAuth: false, signedRequestObject: false }),
    ),
    fc.record({ method: fc.constantFrom('GET', 'POST'), authorization: bearer }).map(
      ({ method, authorization }): AsRequest => ({ endpoint: 'userinfo', method, suffix: '', headers: { authorization, accept: 'application/json' }, clientAuth: false, signedRequestObject: false }),
    ),
  );
}
