/** One of our rules (a file in ../rules) at the step of oidc-provider that runs it. */
export interface RequestPathStep {
  /** Where a request meets the rule. */
  step: string;
  /** The oidc-provider option (or event, or our own code) createFapiProvider wires the rule into. */
  hook: string;
  /** The rule's file in ../rules, without `.ts`. */
  rule: string;
  /** What it enforces, and the clause that asks for it. */
  clause: string;
}

const CLIENT_AUTHENTICATION = 'client authentication (PAR, token, introspection, revocation)';
const PROFILE_REGISTRATION_RULES = "registration: the initial access token policy, the registration rules of the metadata's profile (CLIENT_PROFILES)";

/**
 * Our rules in the order a request meets them, so the order is readable without oidc-provider's source: the host check
 * in front of everything, then registration (lib/actions/registration.js: policies, then the client schema), then PAR
 * and the authorization endpoint (the grid of lib/actions/authorization/index.js: client authentication, request
 * object, PKCE, claims, resource, interactions), then the token endpoint (lib/actions/grants/*.js), then introspection
 * and revocation. A rule met at several steps is listed at each; client authentication, which the token, introspection
 * and revocation endpoints also run first, is listed once, where PAR meets it. oidc-provider's own FAPI checks (a
 * client's '1.0 Final' or '2.0' profile) are in createFapiProvider's comments. request-path.spec.ts fails when a file of
 * ../rules is missing here.
 */
export const REQUEST_PATH: readonly RequestPathStep[] = [
  {
    step: 'every request, before oidc-provider and the login/consent pages',
    hook: 'mountAuthorizationServer (Express middleware)',
    rule: 'configured-host-only',
    clause: "RFC 9110 7.4, 15.5.20: a request for another host than the issuer's is misdirected (421 invalid_request)",
  },
  {
    step: 'every response of oidc-provider (CORS)',
    hook: 'clientBasedCORS, provider.use',
    rule: 'registered-cors-origins',
    clause: "Fetch Standard CORS / OWASP: Access-Control-Allow-Origin only for an origin of the client's redirect_uris, never echoed otherwise",
  },
  {
    step: 'PAR and token: a DPoP proof, in front of oidc-provider',
    hook: 'provider.use (checkDpopProofs), with OidcModelStore.rememberOnce',
    rule: 'dpop-proof',
    clause: 'RFC 9449 11.1 + FAPI 2.0 5.3.2.1-13: iat at most 60 s old and not ahead, jti used once with its key across instances (one atomic insert in the shared table); else 400 invalid_dpop_proof',
  },
  {
    step: 'authorization: a GET without a pushed request_uri, in front of oidc-provider',
    hook: 'provider.use (refuseWhatTheProfileForbids)',
    rule: 'profile-authorization-request',
    clause: "the profile's pushedRequestsOnly: FAPI 2.0 5.3.2.2-3, an error page naming the clause",
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'client-authentication',
    clause: 'FAPI 1.0 Advanced 5.2.2-14, FAPI 2.0 5.3.2.1-6: a FAPI client registers private_key_jwt or tls_client_auth',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'certificate-bound-tokens',
    clause: 'FAPI 1.0 Advanced 5.2.2-5 + RFC 8705 3: tls_client_certificate_bound_access_tokens true, no DPoP (fapi1-advanced)',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'sender-constraint',
    clause: 'FAPI 2.0 5.3.2.1-4, -5: exactly one of mTLS (RFC 8705) or DPoP (RFC 9449) bound access tokens (fapi2)',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'code-response-type-only',
    clause: 'FAPI 2.0 5.3.2.2-1: response_types ["code"] (fapi2)',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'pushed-requests-only',
    clause: 'FAPI 2.0 5.3.2.2-3 + RFC 9126 6: require_pushed_authorization_requests true (fapi2)',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'https-redirect-uris',
    clause: 'FAPI 1.0 Baseline 5.2.2-20, FAPI 2.0 5.3.2.2-8: https redirect_uris only',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'tls-client-auth-subject-dn',
    clause: 'RFC 8705 2.1.2: a tls_client_auth client is known by its subject DN',
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'signed-request-objects',
    clause: 'FAPI 1.0 Advanced 5.2.2-1: require_signed_request_object true; FAPI 2.0 Message Signing: signed (with its alg) or unsigned, the client chooses',
  },
  {
    step: 'registration: the initial access token policy',
    hook: 'features.registration.policies',
    rule: 'jwks-uri',
    clause: 'FAPI 1.0 Advanced 5.2.2 / OWASP SSRF: jwks_uri is https on a public host (loopback too only with sandbox.allowHttpsLoopbackJwksUris)',
  },
  {
    step: 'registration: client metadata',
    hook: 'clientAuthMethods',
    rule: 'client-authentication',
    clause: 'FAPI 1.0 Advanced 5.2.2-14: private_key_jwt or tls_client_auth, never a shared secret',
  },
  {
    step: 'registration: client metadata',
    hook: 'enabledJWA',
    rule: 'signing-algorithms',
    clause: 'FAPI 1.0 Advanced 8.6: PS256 or ES256 for every JWS signed or accepted',
  },
  {
    step: 'registration: client metadata',
    hook: 'Client.Schema (only with sandbox.allowHttpsLocalhostRedirectUris)',
    rule: 'localhost-redirect-uris',
    clause: 'SANDBOX ONLY: hybrid-flow clients may register https://localhost redirect_uris',
  },
  {
    step: CLIENT_AUTHENTICATION,
    hook: 'features.mTLS getCertificate, certificateAuthorized, certificateSubjectMatches',
    rule: 'mtls-certificate',
    clause: 'RFC 8705 2.1: the certificate of this TLS connection, verified by the sandbox CA, with the registered subject DN',
  },
  {
    step: CLIENT_AUTHENTICATION,
    hook: 'clientAuthMethods',
    rule: 'client-authentication',
    clause: 'FAPI 1.0 Advanced 5.2.2-14: private_key_jwt or tls_client_auth',
  },
  {
    step: CLIENT_AUTHENTICATION,
    hook: 'enabledJWA.clientAuthSigningAlgValues',
    rule: 'signing-algorithms',
    clause: 'FAPI 1.0 Advanced 8.6: the client assertion is signed PS256 or ES256',
  },
  {
    step: CLIENT_AUTHENTICATION,
    hook: "fetch, fetchResponseBodyLimits (a jwks_uri client's keys, to verify its assertion)",
    rule: 'outgoing-fetch',
    clause: 'OWASP SSRF: https, no redirect, 2.5 s, 64 KiB, the address checked again when connecting',
  },
  {
    step: CLIENT_AUTHENTICATION,
    hook: 'assertJwtClientAuthClaimsAndHeader',
    rule: 'client-assertion',
    clause: "the profile's assertionAudience: FAPI 1.0 (RFC 7523 3 + RFC 9126 2) the configured issuer, its token endpoint or the endpoint presented at (PAR); FAPI 2.0 5.3.2.1-8 the issuer only, as a string; iat not in the future",
  },
  {
    step: 'PAR / token / userinfo: a DPoP proof (oidc-provider)',
    hook: 'features.dPoP (nonceSecret, requireNonce, allowReplay false)',
    rule: 'dpop-proof',
    clause: 'RFC 9449 4.3, 8: a dpop+jwt signed by the key in its header, for this htm and htu, with a nonce of this server (use_dpop_nonce + DPoP-Nonce otherwise)',
  },
  {
    step: 'PAR / token / userinfo: a DPoP proof (oidc-provider)',
    hook: 'enabledJWA.dPoPSigningAlgValues',
    rule: 'signing-algorithms',
    clause: 'FAPI 2.0 5.4.1-1 / RFC 9449 4.3: a DPoP proof is signed PS256 or ES256 (never none, never HS*)',
  },
  {
    step: 'PAR / authorization: request object',
    hook: 'enabledJWA.requestObjectSigningAlgValues',
    rule: 'signing-algorithms',
    clause: 'FAPI 1.0 Advanced 8.6: the request object is signed PS256 or ES256',
  },
  {
    step: 'PAR / authorization: request object',
    hook: 'features.requestObjects.assertJwtClaimsAndHeader',
    rule: 'request-object',
    clause: 'FAPI 1.0 Advanced 5.2.2-13, -15, -17: exp, nbf and aud present, at most 60 minutes from nbf to exp',
  },
  {
    step: 'PAR / authorization: request object',
    hook: 'features.requestObjects.assertJwtClaimsAndHeader',
    rule: 'request-names-an-intent',
    clause: 'OB security profile: the request object requests openbanking_intent_id with the consent id as its value',
  },
  {
    step: 'PAR / authorization: response_type',
    hook: 'Client#responseTypeAllowed (wrapped)',
    rule: 'profile-authorization-request',
    clause: "the profile's responseType: FAPI 2.0 5.3.2.2-1 response_type code only, refused naming the clause",
  },
  {
    step: 'PAR / authorization: PKCE',
    hook: 'pkce.required',
    rule: 'pkce',
    clause: "the profile's pkce: FAPI 1.0 Advanced 5.2.2-18 PKCE (S256) required with PAR; FAPI 2.0 5.3.2.2-5 on every request",
  },
  {
    step: 'PAR / authorization: claims parameter',
    hook: 'features.claimsParameter.assertClaimsParameter',
    rule: 'intent-binding',
    clause: 'OB security profile: the intent is a consent of this client awaiting authorisation',
  },
  {
    step: 'PAR / authorization: resource',
    hook: 'features.resourceIndicators defaultResource, getResourceServerInfo',
    rule: 'bank-resource',
    clause: 'docs/architecture.md: the one resource is the bank (invalid_target otherwise)',
  },
  {
    step: 'authorization: interactions (login and consent prompts)',
    hook: 'interactions.policy',
    rule: 'consent-per-authorisation',
    clause: 'PSD2 SCA / OB: the PSU authenticates and approves afresh for every authorisation',
  },
  {
    step: 'authorization: the PSU approves on the consent page',
    hook: 'InteractionController: interactionFinished({ consent: { grantId } })',
    rule: 'grantable-scopes',
    clause: "OB: the grant holds openid and the consent kind's bank scope only",
  },
  {
    step: 'token: a reused authorization code',
    hook: "provider.on('grant.revoked'), provider.use (the answer waits for the bank)",
    rule: 'grant-revocation',
    clause: 'RFC 6749 4.1.2 / FAPI 1.0 Advanced 5.2.2: a reused code revokes its grant; the bank acknowledges it (at most 2 s) before the invalid_grant leaves',
  },
  {
    step: 'token: access token issuance',
    hook: 'features.mTLS.certificateBoundAccessTokens (getCertificate)',
    rule: 'mtls-certificate',
    clause: 'RFC 8705 3: access tokens bound to the presented certificate (cnf x5t#S256)',
  },
  {
    step: 'token: access token issuance',
    hook: 'features.dPoP; provider.use (checkDpopProofs) names a missing proof',
    rule: 'dpop-proof',
    clause: 'RFC 9449 5, 6: access tokens bound to the proof key (cnf.jkt, token_type DPoP), a proof required of a dpop_bound_access_tokens client (400 invalid_dpop_proof); a code pushed with a proof only to that key (10.1)',
  },
  {
    step: 'token: access token issuance',
    hook: 'features.resourceIndicators useGrantedResource, getResourceServerInfo',
    rule: 'bank-resource',
    clause: 'docs/architecture.md: a PS256 JWT for the bank (aud = bankUrl), or an opaque userinfo token for scope=openid alone',
  },
  {
    step: 'token: access token claims',
    hook: 'extraTokenClaims',
    rule: 'intent-in-access-token',
    clause: 'docs/architecture.md: openbanking_intent_id in tokens obtained through the PSU',
  },
  {
    step: 'token: access token claims',
    hook: 'extraTokenClaims',
    rule: 'grant-revocation',
    clause: 'RFC 6749 4.1.2: grant_id, so the bank can refuse the tokens of a revoked grant',
  },
  {
    step: 'token: refresh token issuance',
    hook: 'issueRefreshToken',
    rule: 'refresh-tokens',
    clause: 'Our rule (OB leaves it to the ASPSP): authorization_code grants of refresh_token clients only; RFC 8705 4',
  },
  {
    step: 'introspection / revocation',
    hook: 'features.introspection.allowedPolicy, features.revocation.allowedPolicy',
    rule: 'own-tokens-only',
    clause: 'RFC 7662 2.1 / RFC 7009 2.1: a client introspects and revokes only its own tokens',
  },
];
