import { errors } from 'oidc-provider';

// OB Read/Write API security profile (ESSENTIALS §5): every authorization request names, inside its signed request
// object, the consent it authorises as the id_token claim openbanking_intent_id with a value.
export function assertRequestNamesAnIntent(claims: Record<string, unknown>): void {
  if (typeof intentIdOf(claims.claims) !== 'string') {
    throw new errors.InvalidRequestObject('Request Object must request the id_token claim openbanking_intent_id with the consent id as its value');
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
