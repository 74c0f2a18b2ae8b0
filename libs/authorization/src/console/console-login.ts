import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import type { Provider } from 'oidc-provider';
import { CONSOLE_RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import { FAPI_SIGNING_ALGS } from '../rules/signing-algorithms';
import type { ReplayRecords } from '../storage/replay-records';
import { CONSOLE_PATHS } from './console-page';
import { ConsoleRefusal } from './console-access';

/** RFC 7523 2.2: the one client_assertion_type. */
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Longest an assertion for the console may live (exp - iat): it is a login, not a credential to keep. */
const MAX_ASSERTION_LIFETIME_S = 600;
const CLOCK_TOLERANCE_S = 15;

const refuse = (received: string) => new ConsoleRefusal(CONSOLE_RULES.loginAssertion, refusalText(CONSOLE_RULES.loginAssertion, received));

/**
 * Rule sandbox.console.login-assertion: a client proves itself for a login link the way it does at /token with
 * private_key_jwt (RFC 7523 3, OIDC Core 9): an assertion signed by a key of its registered JWKS, iss and sub its
 * client_id, aud exactly the console (an assertion for /token cannot be replayed here, nor this one there), unexpired,
 * at most 10 minutes long, its jti used once. Answers the client_id.
 */
export async function clientOfLoginAssertion(form: URLSearchParams, provider: Provider, replays: Pick<ReplayRecords, 'rememberOnce'>): Promise<string> {
  if (form.get('client_assertion_type') !== JWT_BEARER) throw refuse(`client_assertion_type is ${receivedValue(form.get('client_assertion_type') ?? undefined)}`);
  const assertion = form.get('client_assertion') ?? '';
  let clientId: string | undefined;
  try {
    const iss = decodeJwt(assertion).iss;
    clientId = typeof iss === 'string' && iss.length <= 255 ? iss : undefined;
  } catch {
    throw refuse('client_assertion is not a JWT');
  }
  const client = clientId ? await provider.Client.find(clientId) : undefined;
  if (!client || !clientId) throw refuse('iss names no registered client');
  const keys = (client as unknown as { jwks?: JSONWebKeySet }).jwks;
  if (!keys?.keys?.length) throw refuse('the client registered no signing keys by value');
  const audience = `${provider.issuer}${CONSOLE_PATHS.page}`;
  let claims: { exp?: number; iat?: number; jti?: unknown };
  try {
    ({ payload: claims } = await jwtVerify(assertion, createLocalJWKSet(keys), {
      issuer: clientId,
      subject: clientId,
      audience,
      algorithms: [...FAPI_SIGNING_ALGS],
      requiredClaims: ['exp', 'iat', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (error) {
    const { code, claim } = error as { code?: string; claim?: string };
    throw refuse(`the assertion does not verify (${code ?? 'invalid'}${claim ? ` on ${claim}` : ''})`);
  }
  if ((claims.exp ?? 0) - (claims.iat ?? 0) > MAX_ASSERTION_LIFETIME_S) throw refuse(`exp - iat is ${(claims.exp ?? 0) - (claims.iat ?? 0)} s`);
  const jti = typeof claims.jti === 'string' && claims.jti.length <= 200 ? claims.jti : undefined;
  const secondsLeft = Math.max(1, (claims.exp ?? 0) - Math.floor(Date.now() / 1000) + CLOCK_TOLERANCE_S);
  const remembered = jti && createHash('sha256').update(`${clientId}:${jti}`).digest('base64url');
  if (!remembered || !(await replays.rememberOnce('ConsoleLoginAssertion', remembered, secondsLeft))) throw refuse('this jti was used before');
  return clientId;
}
