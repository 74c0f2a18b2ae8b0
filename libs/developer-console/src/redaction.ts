import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { DecodedJwtRecord } from '@fapi/nats-contract';

/**
 * What a console record keeps of a request, by the field's name wherever it appears (query parameter, form field,
 * JWT claim or header member). Whatever is not in this table is dropped: a new parameter stays out of the console
 * until someone decides here that it is harmless.
 * - kept: shown as sent (identifiers and choices the TPP made, nothing that grants anything);
 * - decoded: a signed JWT shown as its header and claims (each again through this table), never its signature, so
 *   it cannot be replayed;
 * - named: its name is shown, its value never ("code=…"): a bearer secret or a one-time reference.
 * Headers are never recorded: Authorization (access tokens, Basic credentials) and DPoP (proofs) stay out whole.
 */
export type FieldTreatment = 'kept' | 'decoded' | 'named';

export const RECORDED_FIELDS: Readonly<Record<string, FieldTreatment>> = {
  // identifiers and choices
  client_id: 'kept',
  response_type: 'kept',
  response_mode: 'kept',
  scope: 'kept',
  redirect_uri: 'kept',
  grant_type: 'kept',
  state: 'kept',
  nonce: 'kept',
  code_challenge: 'kept',
  code_challenge_method: 'kept',
  client_assertion_type: 'kept',
  claims: 'kept',
  resource: 'kept',
  prompt: 'kept',
  acr_values: 'kept',
  max_age: 'kept',
  // JWT claims of request objects and client assertions
  iss: 'kept',
  sub: 'kept',
  aud: 'kept',
  iat: 'kept',
  nbf: 'kept',
  exp: 'kept',
  jti: 'kept',
  // JWT headers
  alg: 'kept',
  kid: 'kept',
  typ: 'kept',
  // signed JWTs the console explains
  request: 'decoded',
  client_assertion: 'decoded',
  // secrets and one-time references: the console says they were sent, never what they were
  code: 'named',
  code_verifier: 'named',
  refresh_token: 'named',
  access_token: 'named',
  token: 'named',
  request_uri: 'named',
  client_secret: 'named',
  password: 'named',
  device_code: 'named',
  user_code: 'named',
};

/** The secret classes the console must never show, and the field names (RECORDED_FIELDS) they travel in. */
export const SECRET_CLASSES = {
  'private key': 'never a request field: a JWK member other than kid, alg, typ is dropped from any decoded JWT',
  'transport key': 'never a request field: only the TLS stack sees it',
  password: 'password: named',
  'access token': 'access_token, token: named; the Authorization header is not recorded',
  'refresh token': 'refresh_token: named',
  'authorization code': 'code: named',
  code_verifier: 'code_verifier: named',
  'client assertion signature': 'client_assertion: decoded (header and claims), its signature dropped',
  'DPoP proof': 'the DPoP header is not recorded',
  'client secret': 'client_secret: named',
} as const;

const NAMED_VALUE = '…';
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;
/** What a decoded JWT is called on the console page, by the field it came in. */
const JWT_LABELS: Record<string, string> = { request: 'request object', client_assertion: 'client assertion' };

/** A JWT's header and claims, each through the table (a claim the table does not keep is dropped); undefined when it is no JWT. */
export function decodedJwt(field: string, compact: string): DecodedJwtRecord | undefined {
  if (!COMPACT_JWS.test(compact)) return undefined;
  try {
    return { label: JWT_LABELS[field] ?? field, header: keptMembers({ ...decodeProtectedHeader(compact) }), claims: keptMembers(decodeJwt(compact)) };
  } catch {
    return undefined;
  }
}

/** The members of a decoded object the table keeps: kept ones as they are, named ones as "…", the rest dropped. */
export function keptMembers(source: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(source)) {
    const treatment = RECORDED_FIELDS[name];
    if (treatment === 'kept') kept[name] = value;
    else if (treatment === 'named') kept[name] = NAMED_VALUE;
  }
  return kept;
}

/** The request's path and, of its query, the parameters the table keeps (named ones as "…"; JWTs and the rest dropped). */
export function recordedEndpoint(url: string): string {
  const parsed = new URL(url, 'https://sandbox.invalid');
  const query = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) {
    const treatment = RECORDED_FIELDS[name];
    if (treatment === 'kept') query.append(name, value);
    else if (treatment === 'named' || treatment === 'decoded') query.append(name, NAMED_VALUE);
  }
  const search = query.toString();
  return search ? `${parsed.pathname}?${search}` : parsed.pathname;
}

/** The signed JWTs among a request's parameters (query and body), decoded through the table. */
export function decodedJwtsOf(parameters: Record<string, unknown>): DecodedJwtRecord[] {
  return Object.entries(parameters).flatMap(([field, value]) =>
    RECORDED_FIELDS[field] === 'decoded' && typeof value === 'string' ? (decodedJwt(field, value) ?? []) : [],
  );
}
