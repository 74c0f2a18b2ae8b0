import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { DecodedJwt } from './journey-record';

/** How many characters of a secret the inspector shows: enough to tell two apart, never enough to use one. */
export const SECRET_PREFIX_LENGTH = 8;

/** A secret's first characters and an ellipsis ("eyJhbGci…"). */
export const secretPrefix = (secret: string): string => `${secret.slice(0, SECRET_PREFIX_LENGTH)}…`;

/**
 * How a field of a request or a response is shown, by its name wherever it appears (form field, query parameter,
 * JSON field, JWT claim):
 * - prefix: a bearer secret (access and refresh tokens; authorization codes, shown only shortened even once used);
 * - jwt: a signed JWT, decoded (header and claims) but never shown whole;
 * - token: an access token, shortened, and decoded too when it is a JWT (its claims are the point: cnf, scope);
 * - omitted: never shown at all.
 * Any other field is shown as it is: the PKCE verifier only appears in the token request, once it is used.
 */
type Treatment = 'prefix' | 'jwt' | 'token' | 'omitted';

const FIELD_TREATMENTS: Record<string, Treatment> = {
  access_token: 'token',
  refresh_token: 'prefix',
  code: 'prefix',
  id_token: 'jwt',
  request: 'jwt',
  client_assertion: 'jwt',
  response: 'jwt',
  logout_token: 'jwt',
  client_secret: 'omitted',
  password: 'omitted',
};

/** Labels of the JWTs by the field that carried them. */
const JWT_LABELS: Record<string, string> = {
  id_token: 'ID Token',
  request: 'request object',
  client_assertion: 'client assertion (private_key_jwt)',
  response: 'JARM response',
  access_token: 'access token',
  logout_token: 'logout token',
};

const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** A JWT's header and claims, the claims shortened where they hold secrets; undefined when it is no JWT. */
export function decodeJwtParts(label: string, compact: string): DecodedJwt | undefined {
  if (!COMPACT_JWS.test(compact)) return undefined;
  try {
    return { label, header: { ...decodeProtectedHeader(compact) }, claims: redactFields(decodeJwt(compact) as Record<string, unknown>).fields };
  } catch {
    return undefined;
  }
}

/** A detached signature (x-jws-signature: header..signature): its header, the payload being the body. */
export function decodeDetachedSignature(label: string, value: string): DecodedJwt | undefined {
  try {
    return { label, header: { ...decodeProtectedHeader(value) } };
  } catch {
    return undefined;
  }
}

/** A field list with its secrets shortened or dropped, and the JWTs it carried (decoded) with their compact form. */
export interface RedactedFields {
  fields: Record<string, unknown>;
  jwts: Array<{ jwt: DecodedJwt; compact: string }>;
}

/** Applies FIELD_TREATMENTS to each top-level field. */
export function redactFields(source: Record<string, unknown>): RedactedFields {
  const fields: Record<string, unknown> = {};
  const jwts: RedactedFields['jwts'] = [];
  for (const [name, value] of Object.entries(source)) {
    const treatment = FIELD_TREATMENTS[name];
    if (treatment === 'omitted') continue;
    if (treatment === undefined || typeof value !== 'string') {
      fields[name] = treatment === undefined ? value : '…';
      continue;
    }
    const jwt = treatment === 'prefix' ? undefined : decodeJwtParts(JWT_LABELS[name] ?? name, value);
    if (jwt) jwts.push({ jwt, compact: value });
    fields[name] = treatment === 'jwt' && jwt ? `(${jwt.label}, decoded below)` : secretPrefix(value);
  }
  return { fields, jwts };
}

/**
 * An Authorization header: its scheme and the token's prefix, with the access token decoded when it is a JWT
 * (a client assertion never goes here: Basic credentials are omitted whole).
 */
export function redactAuthorization(value: string): RedactedFields & { shown: string } {
  const [scheme, token = ''] = value.split(' ');
  if (!/^(Bearer|DPoP)$/i.test(scheme)) return { shown: `${scheme} …`, fields: {}, jwts: [] };
  const jwt = decodeJwtParts('access token', token);
  return { shown: `${scheme} ${secretPrefix(token)}`, fields: {}, jwts: jwt ? [{ jwt, compact: token }] : [] };
}
