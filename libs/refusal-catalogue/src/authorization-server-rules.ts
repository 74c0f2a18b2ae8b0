import type { RefusalRule } from './refusal-rule';

const FAPI1 = 'FAPI 1.0 Advanced';
const FAPI2 = 'FAPI 2.0 Security Profile';
const OB = 'UK Open Banking Security Profile';

/**
 * The rules the authorization server refuses a request by (libs/authorization/src/rules, one file each; the profile's
 * rules in profiles/client-profile.ts). The error code is the rule file's (invalid_request, invalid_client, ...).
 */
export const AUTHORIZATION_SERVER_RULES = {
  configuredHost: {
    id: 'rfc9110.host.configured',
    standard: 'RFC 9110',
    clause: '7.4, 15.5.20',
    expected: "a request names the issuer's own host (421 otherwise)",
  },
  requestObjectClaims: {
    id: 'fapi1.request-object.required-claims',
    standard: FAPI1,
    clause: '5.2.2-13, -15, -17',
    expected: 'a request object carries exp, nbf and aud',
  },
  requestObjectLifetime: {
    id: 'fapi1.request-object.lifetime',
    standard: FAPI1,
    clause: '5.2.2-13',
    expected: 'exp is after nbf and at most 3600 s from it',
  },
  requestObjectNamesIntent: {
    id: 'ob.request-object.intent-claim',
    standard: OB,
    clause: 'openbanking_intent_id',
    expected: 'the request object requests the id_token claim openbanking_intent_id with the consent id as its value',
  },
  pushedParametersNameIntent: {
    id: 'ob.pushed-parameters.intent-claim',
    standard: OB,
    clause: 'openbanking_intent_id',
    expected: 'the pushed authorization request requests the id_token claim openbanking_intent_id with the consent id as its value',
  },
  intentOfClient: {
    id: 'ob.intent.consent-of-client',
    standard: OB,
    clause: 'openbanking_intent_id',
    expected: 'openbanking_intent_id is the id of a consent this client created',
  },
  intentAwaitingAuthorisation: {
    id: 'ob.intent.awaiting-authorisation',
    standard: OB,
    clause: 'openbanking_intent_id',
    expected: 'the consent awaits authorisation (AWAU)',
  },
  fapi1AssertionAudience: {
    id: 'fapi1.client-assertion.audience',
    standard: FAPI1,
    clause: '5.2.2-14 (RFC 7523 3, RFC 9126 2)',
    expected: 'the client assertion aud is the issuer identifier, the token endpoint url or the url of the endpoint it is presented at',
  },
  fapi2AssertionAudience: {
    id: 'fapi2.client-assertion.audience',
    standard: FAPI2,
    clause: '5.3.2.1-8',
    expected: 'the client assertion aud is the issuer identifier, as a string',
  },
  teachingAssertionAudience: {
    id: 'teaching.client-assertion.audience',
    standard: 'OpenID Connect Core',
    clause: '9 (RFC 7523 3)',
    expected: 'the client assertion aud is the issuer identifier, the token endpoint url or the url of the endpoint it is presented at',
  },
  assertionIssuedAt: {
    id: 'rfc7523.client-assertion.issued-at',
    standard: 'RFC 7523',
    clause: '3',
    expected: 'the client assertion iat is not in the future',
  },
  fapi1Pkce: {
    id: 'fapi1.pkce.with-par',
    standard: FAPI1,
    clause: '5.2.2-18',
    expected: 'a pushed authorization request uses PKCE with S256',
  },
  fapi2Pkce: {
    id: 'fapi2.pkce.every-request',
    standard: FAPI2,
    clause: '5.3.2.2-5',
    expected: 'every authorization request uses PKCE with S256',
  },
  teachingPkce: {
    id: 'teaching.pkce.every-request',
    standard: 'RFC 9700',
    clause: '2.1.1',
    expected: 'every authorization request uses PKCE with S256',
  },
  fapi2ResponseType: {
    id: 'fapi2.authorization.response-type-code',
    standard: FAPI2,
    clause: '5.3.2.2-1',
    expected: 'response_type is code',
  },
  fapi2PushedRequestsOnly: {
    id: 'fapi2.authorization.pushed-only',
    standard: FAPI2,
    clause: '5.3.2.2-3',
    expected: 'authorization requests are pushed (PAR, RFC 9126) first',
  },
  requestUriOnce: {
    id: 'rfc9126.request-uri.single-use',
    standard: 'RFC 9126',
    clause: '2.2, 4',
    expected: 'a pushed request_uri is used once, before it expires',
  },
  consumedOnce: {
    id: 'rfc6749.grant.single-use',
    standard: 'RFC 6749',
    clause: '4.1.2, 10.5',
    expected: 'an authorization code (or device code) is used once',
  },
  authorizationCodeLifetime: {
    id: 'rfc6749.authorization-code.lifetime',
    standard: 'RFC 6749',
    clause: '4.1.2, 10.5',
    expected: 'an authorization code is one this server issued, redeemed before it expires, shortly after it is issued',
  },
  codeVerifier: {
    id: 'rfc7636.token-request.code-verifier',
    standard: 'RFC 7636',
    clause: '4.5, 4.6',
    expected: 'the token request sends the code_verifier whose S256 hash is the code_challenge of the authorization request',
  },
  registeredRedirectUri: {
    id: 'fapi1.authorization.registered-redirect-uri',
    standard: 'FAPI 1.0 Baseline',
    clause: '5.2.2-10 (RFC 9126 2.4)',
    expected: "redirect_uri exactly matches one of the client's registered redirect_uris",
  },
  requestObjectSignature: {
    id: 'fapi1.request-object.signature',
    standard: FAPI1,
    clause: '5.2.2-1, 8.6',
    expected: "the request object is signed with the registered request_object_signing_alg (PS256 or ES256) by a key of the client's registered JWKS",
  },
  nonceOrState: {
    id: 'fapi1.authorization.nonce-or-state',
    standard: 'FAPI 1.0 Baseline',
    clause: '5.2.2.2, 5.2.2.3 (OpenID Connect Core 3.3.2.1 for the hybrid flow)',
    expected: 'an authorization request carries nonce when its scope has openid, and state otherwise',
  },
  dpopProofRequired: {
    id: 'rfc9449.token-request.proof-required',
    standard: 'RFC 9449',
    clause: '5',
    expected: 'a client registered with dpop_bound_access_tokens sends a DPoP proof with its token request',
  },
  dpopProofFresh: {
    id: 'rfc9449.as-proof.iat-recent',
    standard: 'RFC 9449',
    clause: '11.1 (FAPI 2.0 Security Profile 5.3.2.1-13)',
    expected: 'a DPoP proof iat is within the last 60 s and not ahead of the server clock',
  },
  dpopProofOnce: {
    id: 'rfc9449.as-proof.jti-unused',
    standard: 'RFC 9449',
    clause: '11.1',
    expected: 'a DPoP proof is used once (its jti is new)',
  },
  clientProfileKnown: {
    id: 'registration.client-profile.known',
    standard: 'Sandbox client profiles',
    clause: 'client_profile',
    expected: 'client_profile is fapi1-advanced, fapi2 or teaching (fapi1-advanced when absent)',
  },
  profileAuthMethod: {
    id: 'registration.profile.auth-method',
    standard: 'RFC 7591 2 with the client profile',
    clause: 'FAPI 1.0 Advanced 5.2.2-14, FAPI 2.0 5.3.2.1-6',
    expected: "token_endpoint_auth_method is one the client's profile allows",
  },
  profileGrantType: {
    id: 'registration.profile.grant-type',
    standard: 'RFC 7591 2 with the client profile',
    clause: 'grant_types',
    expected: "every grant_types value is one the client's profile allows",
  },
  certificateBoundTokens: {
    id: 'fapi1.registration.certificate-bound-tokens',
    standard: FAPI1,
    clause: '5.2.2-5 (RFC 8705 3)',
    expected: 'tls_client_certificate_bound_access_tokens is true',
  },
  fapi1NoDpop: {
    id: 'fapi1.registration.no-dpop',
    standard: FAPI1,
    clause: '5.2.2-5',
    expected: 'dpop_bound_access_tokens is for FAPI 2.0 clients (client_profile fapi2)',
  },
  oneSenderConstraint: {
    id: 'fapi2.registration.one-sender-constraint',
    standard: FAPI2,
    clause: '5.3.2.1-4, -5',
    expected: 'exactly one of tls_client_certificate_bound_access_tokens and dpop_bound_access_tokens is true',
  },
  codeResponseTypes: {
    id: 'fapi2.registration.response-types-code',
    standard: FAPI2,
    clause: '5.3.2.2-1',
    expected: 'response_types is code alone',
  },
  pushedRequestsRequired: {
    id: 'fapi2.registration.pushed-requests',
    standard: FAPI2,
    clause: '5.3.2.2-3 (RFC 9126 6)',
    expected: 'require_pushed_authorization_requests is true',
  },
  httpsRedirectUris: {
    id: 'fapi.registration.https-redirect-uris',
    standard: 'FAPI',
    clause: '1.0 Baseline 5.2.2-20, 2.0 5.3.2.2-8',
    expected: 'every redirect_uri is https',
  },
  subjectDnRegistered: {
    id: 'rfc8705.registration.subject-dn',
    standard: 'RFC 8705',
    clause: '2.1.2',
    expected: 'a tls_client_auth client registers tls_client_auth_subject_dn (and no SAN alternative)',
  },
  signedRequestObjectsAlways: {
    id: 'fapi1.registration.signed-request-objects',
    standard: FAPI1,
    clause: '5.2.2-1',
    expected: 'require_signed_request_object is true',
  },
  requestObjectChoice: {
    id: 'fapi2.registration.request-object-choice',
    standard: 'FAPI 2.0 Message Signing',
    clause: 'signed authorization requests',
    expected: 'require_signed_request_object is true (signed request objects, with request_object_signing_alg) or false (plain parameters pushed to PAR)',
  },
  jwksUriHttps: {
    id: 'registration.jwks-uri.https',
    standard: 'RFC 7591',
    clause: '2 (jwks_uri), FAPI 1.0 Advanced 5.2.2',
    expected: 'jwks_uri is an https uri',
  },
  jwksUriPublicHost: {
    id: 'registration.jwks-uri.public-host',
    standard: 'OWASP SSRF Prevention',
    clause: 'network layer',
    expected: 'jwks_uri names a host that resolves, to public addresses only (not private, loopback or link-local)',
  },
  teachingNoBankScopes: {
    id: 'teaching.bank-scopes',
    standard: 'Sandbox teaching profile',
    clause: '(the bank trusts FAPI-profile tokens only)',
    expected:
      "a teaching client (client_profile teaching) never gets accounts or payments, the bank's scopes, nor a token for the bank; register a fapi1-advanced or fapi2 client for the bank",
  },
  teachingScopes: {
    id: 'teaching.registration.scope',
    standard: 'Sandbox teaching profile',
    clause: '(identity only)',
    expected: 'a teaching client registers scope openid profile (or part of it)',
  },
  teachingResponseTypes: {
    id: 'teaching.registration.response-types-code',
    standard: 'RFC 9700',
    clause: '2.1.2',
    expected: 'a teaching client registers response_types code alone: no implicit nor hybrid',
  },
  publicClientCredentials: {
    id: 'rfc6749.registration.public-client-credentials',
    standard: 'RFC 6749',
    clause: '4.4',
    expected: 'the client_credentials grant is for confidential clients, not a public one (token_endpoint_auth_method none)',
  },
  passwordGrant: {
    id: 'rfc9700.flow.password',
    standard: 'RFC 9700',
    clause: '2.4, FAPI 2.0 Security Profile 5.3.2.1',
    expected:
      "the resource owner password credentials grant (removed by OAuth 2.1) is not used: the client would see the PSU's bank password; use the authorization code flow with PKCE",
  },
  implicitGrant: {
    id: 'rfc9700.flow.implicit',
    standard: 'RFC 9700',
    clause: '2.1.2, FAPI 1.0 Advanced 5.2.2-2, FAPI 2.0 Security Profile 5.3.2.2',
    expected:
      'the implicit grant (removed by OAuth 2.1) is not used: an access token in the front channel can leak and cannot be sender-constrained; use response_type=code with PKCE',
  },
} as const satisfies Record<string, RefusalRule>;
