import { AUTHORIZATION_SERVER_RULES as RULES, refusalText, ruleCitedBy } from '@fapi/refusal-catalogue';
import type { RewordedRefusal } from './refused-flows';

const AUTHORIZATION_ROUTES = ['authorization', 'pushed_authorization_request'];
/** oidc-provider's own words for a missing nonce or state: "missing required parameter 'nonce'", "... parameter(s) (state)". */
const MISSING_NONCE_OR_STATE = /^missing required parameter.*\b(nonce|state)\b/;
/** oidc-provider's description of a redirect_uri the client did not register (PAR answers it as invalid_request, RFC 9126 2.3). */
const UNREGISTERED_REDIRECT_URI = "redirect_uri did not match any of the client's registered redirect_uris";
/** oidc-provider's descriptions of a request object whose signature or alg it refused (process_request_object.js). */
const REQUEST_OBJECT_SIGNATURE = ['could not validate Request Object', 'unsupported signed request alg', 'the preregistered alg must be used in request or request_uri'];
/** What the token request's code_verifier was, in our words: never the verifier itself. */
const CODE_VERIFIER_RECEIVED: Record<string, string> = {
  'code_verifier must be provided': 'the token request has no code_verifier',
  'code_verifier does not match code_challenge': 'the code_verifier does not hash to the code_challenge',
};

/**
 * Refusals oidc-provider makes itself, with its generic words ("grant request is invalid"), re-worded to name the rule
 * (issue 10). The error code stays oidc-provider's; `received` is oidc-provider's own description or detail (parameter
 * names, never a code or a verifier), or ours.
 */
export const PROVIDER_REFUSALS = {
  /** A code already used: our adapter (storage/oidc-model-adapter.ts) or oidc-provider's grant source says so in its detail. */
  authorizationCodeReused: {
    error: 'invalid_grant',
    refuses: ({ route, error, detail }) =>
      route === 'token' && error === 'invalid_grant' && (detail === 'authorization code already consumed' || ruleCitedBy(detail) === RULES.consumedOnce.id),
    description: ({ detail }) => (ruleCitedBy(detail) ? String(detail) : refusalText(RULES.consumedOnce, 'the authorization code was already used')),
  },
  /** An expired code: oidc-provider says so, or finds none (the storage adapter no longer returns it once expired). */
  authorizationCodeExpired: {
    error: 'invalid_grant',
    refuses: ({ route, error, detail }) =>
      route === 'token' && error === 'invalid_grant' && ['authorization code is expired', 'authorization code not found'].includes(String(detail)),
    description: () => refusalText(RULES.authorizationCodeLifetime, 'the authorization code is unknown or expired'),
  },
  codeVerifier: {
    error: 'invalid_grant',
    refuses: ({ route, error, detail }) => route === 'token' && error === 'invalid_grant' && detail !== undefined && detail in CODE_VERIFIER_RECEIVED,
    description: ({ detail }) => refusalText(RULES.codeVerifier, CODE_VERIFIER_RECEIVED[String(detail)]),
  },
  unregisteredRedirectUri: {
    error: 'invalid_request',
    refuses: ({ route, description }) => AUTHORIZATION_ROUTES.includes(route) && description === UNREGISTERED_REDIRECT_URI,
    description: () => refusalText(RULES.registeredRedirectUri, UNREGISTERED_REDIRECT_URI),
  },
  requestObjectSignature: {
    error: 'invalid_request_object',
    refuses: ({ route, error, description }) =>
      AUTHORIZATION_ROUTES.includes(route) && error === 'invalid_request_object' && REQUEST_OBJECT_SIGNATURE.includes(String(description)),
    description: ({ description }) => refusalText(RULES.requestObjectSignature, String(description)),
  },
  nonceOrState: {
    error: 'invalid_request',
    refuses: ({ route, error, description }) => AUTHORIZATION_ROUTES.includes(route) && error === 'invalid_request' && MISSING_NONCE_OR_STATE.test(String(description)),
    description: ({ description }) => refusalText(RULES.nonceOrState, String(description)),
  },
} satisfies Record<string, RewordedRefusal>;
