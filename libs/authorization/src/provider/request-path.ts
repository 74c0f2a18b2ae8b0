import { AUTHORIZATION_SERVER_RULES as REFUSALS, type RefusalRule } from '@fapi/refusal-catalogue';

/** One of our rules (a file in ../rules) at the step of oidc-provider that runs it. */
export interface RequestPathStep {
  /** Where a request meets the rule. */
  step: string;
  /** The oidc-provider option (or event, or our own code) createFapiProvider wires the rule into. */
  hook: string;
  /** The rule's file in ../rules, without `.ts`. */
  rule: string;
  /** The catalogue's rules it refuses a request by at this step: their clause and words are the catalogue's. */
  refuses?: readonly RefusalRule[];
  /** What else it enforces (what it does rather than refuse), and the clause that asks for it. */
  clause?: string;
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
 * ../rules is missing here. A step's refusals are the catalogue's rules (`refuses`, libs/refusal-catalogue): their clause
 * and words are there, once; `clause` says what else a step enforces.
 */
export const REQUEST_PATH: readonly RequestPathStep[] = [
  {
    step: 'every request, before oidc-provider and the login/consent pages',
    hook: 'authorizationServerRoutes (a guard in front of oidc-provider) and guardConfiguredHost (Express middleware, the pages)',
    rule: 'configured-host-only',
    refuses: [REFUSALS.configuredHost],
  },
  {
    step: 'every response of oidc-provider (CORS)',
    hook: 'clientBasedCORS, provider.use',
    rule: 'registered-cors-origins',
    clause: "Fetch Standard CORS / OWASP: Access-Control-Allow-Origin only for an origin of the client's redirect_uris, never echoed otherwise",
  },
  {
    step: 'PAR and token: a DPoP proof, in front of oidc-provider',
    hook: 'provider.use (checkDpopProofs), with ReplayRecords.rememberOnce',
    rule: 'dpop-proof',
    refuses: [REFUSALS.dpopProofFresh, REFUSALS.dpopProofOnce],
    clause: 'one atomic insert in the shared table, so a jti is used once across instances',
  },
  {
    step: 'authorization: a GET without a pushed request_uri, in front of oidc-provider',
    hook: 'provider.use (refuseWhatTheProfileForbids)',
    rule: 'profile-authorization-request',
    refuses: [REFUSALS.fapi2PushedRequestsOnly],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules, every profile)',
    rule: 'profile-allowances',
    refuses: [REFUSALS.profileAuthMethod, REFUSALS.profileGrantType],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'certificate-bound-tokens',
    refuses: [REFUSALS.certificateBoundTokens, REFUSALS.fapi1NoDpop],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'sender-constraint',
    refuses: [REFUSALS.oneSenderConstraint],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'code-response-type-only',
    refuses: [REFUSALS.codeResponseTypes],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'pushed-requests-only',
    refuses: [REFUSALS.pushedRequestsRequired],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'https-redirect-uris',
    refuses: [REFUSALS.httpsRedirectUris],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'tls-client-auth-subject-dn',
    refuses: [REFUSALS.subjectDnRegistered],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'signed-request-objects',
    refuses: [REFUSALS.signedRequestObjectsAlways, REFUSALS.requestObjectChoice],
  },
  {
    step: PROFILE_REGISTRATION_RULES,
    hook: 'features.registration.policies (profileRegistrationRules)',
    rule: 'teaching-client-metadata',
    refuses: [REFUSALS.teachingNoBankScopes, REFUSALS.teachingScopes, REFUSALS.teachingResponseTypes, REFUSALS.publicClientCredentials],
  },
  {
    step: 'registration: the initial access token policy',
    hook: 'features.registration.policies',
    rule: 'jwks-uri',
    refuses: [REFUSALS.jwksUriHttps, REFUSALS.jwksUriPublicHost],
    clause: 'each fetch guarded again at connect time (outgoing-fetch)',
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
    refuses: [REFUSALS.fapi1AssertionAudience, REFUSALS.fapi2AssertionAudience, REFUSALS.teachingAssertionAudience, REFUSALS.assertionIssuedAt],
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
    refuses: [REFUSALS.requestObjectClaims, REFUSALS.requestObjectLifetime],
  },
  {
    step: 'PAR / authorization: request object',
    hook: 'features.requestObjects.assertJwtClaimsAndHeader',
    rule: 'request-names-an-intent',
    refuses: [REFUSALS.requestObjectNamesIntent],
  },
  {
    step: 'PAR: the pushed parameters, last',
    hook: 'extraParams.claims',
    rule: 'request-names-an-intent',
    refuses: [REFUSALS.pushedParametersNameIntent],
  },
  {
    step: 'PAR / authorization: response_type',
    hook: 'Client#responseTypeAllowed (wrapped)',
    rule: 'profile-authorization-request',
    refuses: [REFUSALS.fapi2ResponseType],
  },
  {
    step: 'PAR / authorization: PKCE',
    hook: 'pkce.required',
    rule: 'pkce',
    refuses: [REFUSALS.fapi1Pkce, REFUSALS.fapi2Pkce, REFUSALS.teachingPkce],
  },
  {
    step: 'PAR / authorization: claims parameter',
    hook: 'features.claimsParameter.assertClaimsParameter',
    rule: 'intent-binding',
    refuses: [REFUSALS.requestObjectNamesIntent, REFUSALS.intentOfClient, REFUSALS.intentAwaitingAuthorisation],
  },
  {
    step: 'PAR / authorization: resource',
    hook: 'features.resourceIndicators defaultResource, getResourceServerInfo',
    rule: 'bank-resource',
    clause: 'docs/architecture.md: the one resource is the bank (invalid_target otherwise); no resource for teaching clients, naming the bank refused',
  },
  {
    step: 'PAR / authorization / device authorization / token: a refused flow (the answer, before it leaves)',
    hook: 'provider.use, renderError',
    rule: 'refused-flows',
    refuses: [REFUSALS.passwordGrant, REFUSALS.implicitGrant, REFUSALS.teachingNoBankScopes],
    clause: 'the error code stays the one oidc-provider answered; its description is the teaching one',
  },
  {
    step: 'PAR / authorization / token: a refusal oidc-provider makes itself (the answer, before it leaves)',
    hook: 'provider.use, renderError, its error events (refused-flows.ts rewordRefusals)',
    rule: 'provider-refusals',
    refuses: [
      REFUSALS.requestObjectSignature,
      REFUSALS.registeredRedirectUri,
      REFUSALS.nonceOrState,
      REFUSALS.codeVerifier,
      REFUSALS.authorizationCodeLifetime,
      REFUSALS.consumedOnce,
    ],
    clause: 'the error code stays the one oidc-provider answered; its description names the rule',
  },
  {
    step: 'device authorization response, token: device_code polls',
    hook: 'provider.use',
    rule: 'device-polling',
    clause: 'RFC 8628 3.2, 3.5: interval announced; a pending poll sooner than the interval answers slow_down (+5 s)',
  },
  {
    step: 'authorization: interactions (login and consent prompts)',
    hook: 'interactions.policy',
    rule: 'consent-per-authorisation',
    clause: 'PSD2 SCA / OB: the PSU authenticates and approves afresh for every authorisation',
  },
  {
    step: 'authorization: the PSU approves on the consent page',
    hook: 'InteractionController: finishInteraction({ consent: { grantId } })',
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
    refuses: [REFUSALS.dpopProofRequired],
    clause: 'RFC 9449 5, 6, 10.1: access tokens bound to the proof key (cnf.jkt, token_type DPoP); a code pushed with a proof only to that key',
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
