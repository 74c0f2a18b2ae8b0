import { type Client, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { profileOf } from '../profiles/client-profile';

// OB Read/Write API security profile (ESSENTIALS §5): every authorization request names the consent it authorises as
// the id_token claim openbanking_intent_id with a value: inside its signed request object, or among the plain
// parameters a FAPI 2.0 `unsigned` client pushes (refused at PAR, not only once the PSU arrives).
export function assertRequestNamesAnIntent(claims: Record<string, unknown>): void {
  if (typeof intentIdOf(claims.claims) !== 'string') {
    throw new errors.InvalidRequestObject(refusalText(RULES.requestObjectNamesIntent, 'the request object requests no openbanking_intent_id value'));
  }
}

/** oidc-provider's extraParams validator of `claims`, run on every request at PAR (a request object was checked above). */
export function assertPushedParametersNameAnIntent(ctx: KoaContextWithOIDC, claims: unknown, client?: Client): void {
  const fapiClient = profileOf(client as unknown as Record<string, unknown>).oidcProviderFapiProfile !== undefined;
  if (fapiClient && ctx.oidc.route === 'pushed_authorization_request' && typeof intentIdOf(claims) !== 'string') {
    throw new errors.InvalidRequest(refusalText(RULES.pushedParametersNameIntent, 'the pushed parameters request no openbanking_intent_id value'));
  }
}

/** The requested openbanking_intent_id value of a claims parameter (object or JSON text), if any. */
export function intentIdOf(claimsParameter: unknown): unknown {
  let claims = claimsParameter;
  if (typeof claims === 'string') {
    try {
      claims = JSON.parse(claims);
    } catch {
      return undefined;
    }
  }
  const idToken = (claims as { id_token?: Record<string, { value?: unknown } | null> } | undefined)?.id_token;
  return idToken?.openbanking_intent_id?.value;
}
