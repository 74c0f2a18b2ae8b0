import * as oidc from 'openid-client';
import type { PendingAuthorization } from './authorization-request';
import type { FintechProtocol } from './fintech-protocol';

/** What the TPP holds once the PSU has authorised the consent; it never leaves the server. */
export interface Connection {
  consentId: string;
  accessToken: string;
  /** Epoch milliseconds, when the token endpoint said. */
  expiresAt?: number;
  scope?: string;
}

/** The ID Token names another consent than the one the TPP asked the PSU to authorise. */
export class IntentMismatch extends Error {
  readonly code = 'intent_mismatch';
  constructor(
    readonly expected: string,
    readonly actual: unknown,
  ) {
    super(`the ID Token carries openbanking_intent_id ${JSON.stringify(actual)}, expected ${expected}`);
    this.name = 'IntentMismatch';
  }
}

/** The callback carried no authorization response parameters at all (e.g. a hybrid fragment that got lost). */
export class MissingAuthorizationResponse extends Error {
  readonly code = 'missing_authorization_response';
  constructor() {
    super('the callback carried no authorization response');
    this.name = 'MissingAuthorizationResponse';
  }
}

/** OB Security Profile: the ID Token returns the `openbanking_intent_id` of the consent that was authorised. */
export function assertIntentMatches(claims: oidc.IDToken | undefined, consentId: string): void {
  const actual = claims?.openbanking_intent_id;
  if (actual !== consentId) throw new IntentMismatch(consentId, actual);
}

/**
 * The authorization response as openid-client reads it: the hybrid response was sent in the URL fragment (and
 * relayed to the server by a form), the JARM response (`response=<JWT>`) and the plain one (`code`, `iss`, `state`)
 * in the query.
 */
export function authorizationResponseUrl(redirectUri: string, response: FintechProtocol['response'], parameters: URLSearchParams): URL {
  const url = new URL(redirectUri);
  if (response === 'hybrid') url.hash = parameters.toString();
  else url.search = parameters.toString();
  return url;
}

/**
 * Validates the authorization response and redeems the code. openid-client checks state, the JARM JWT (signature,
 * iss, aud, exp), the detached-signature ID Token (signature, nonce, c_hash, s_hash) or the plain response's `iss`,
 * then exchanges the code with the PKCE verifier (over mTLS, with a DPoP proof when `tokenRequestOptions` carry one)
 * and validates the token endpoint's ID Token (signature, iss, aud, nonce). An error response (also one inside JARM)
 * surfaces as openid-client's AuthorizationResponseError.
 */
export async function completeAuthorization(
  config: oidc.Configuration,
  response: FintechProtocol['response'],
  pending: PendingAuthorization,
  parameters: URLSearchParams,
  { now = Date.now, tokenRequestOptions = {} }: { now?: () => number; tokenRequestOptions?: oidc.DPoPOptions } = {},
): Promise<Connection> {
  if (parameters.size === 0) throw new MissingAuthorizationResponse();
  const tokens = await oidc.authorizationCodeGrant(
    config,
    authorizationResponseUrl(pending.redirectUri, response, parameters),
    {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    },
    undefined,
    tokenRequestOptions,
  );
  assertIntentMatches(tokens.claims(), pending.consentId);
  // The lifetime the AS stated (expires_in), counted from now: openid-client's expiresIn() counts down from when the
  // response arrived, so it drops a second whenever a second boundary passes in between.
  const expiresIn = tokens.expires_in;
  return {
    consentId: pending.consentId,
    accessToken: tokens.access_token,
    expiresAt: expiresIn === undefined ? undefined : now() + expiresIn * 1000,
    scope: tokens.scope,
  };
}
