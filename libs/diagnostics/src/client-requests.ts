import { createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { DiagnosisContext } from './diagnosis-context';
import type { ProbeAnswer } from './https-probe';

/** The consent id the probes name: none has it, so a pushed request that gets as far as the consent stops there, harmlessly. */
const PROBE_INTENT_ID = 'diagnose-probe-no-such-consent';

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * RFC 7521/7523 client authentication as the TPP registered it: tls_client_auth is its certificate (client_id only);
 * private_key_jwt adds an assertion signed with signing.jwk.json, aud = the issuer (accepted by both profiles).
 */
export async function clientAuthentication(context: DiagnosisContext): Promise<Record<string, string>> {
  const tpp = context.onboarded;
  if (tpp.authMethod === 'tls_client_auth') return { client_id: tpp.clientId };
  const now = epochSeconds(context.options.now());
  const assertion = await new SignJWT({ iss: tpp.clientId, sub: tpp.clientId, aud: tpp.issuer, jti: randomUUID(), iat: now, exp: now + 60 })
    .setProtectedHeader({ alg: tpp.signingAlg, kid: tpp.signingKid })
    .sign(tpp.signingKey);
  return { client_id: tpp.clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
}

/** RFC 9449 4.2: a DPoP proof of the TPP's DPoP key (same alg as its signing key) for a POST to `url`, with the server's nonce once it gave one. */
async function dpopProof(context: DiagnosisContext, key: KeyObject, url: string, nonce?: string): Promise<string> {
  const tpp = context.onboarded;
  const jwk = await exportJWK(createPublicKey(key));
  return new SignJWT({ htm: 'POST', htu: url, iat: epochSeconds(context.options.now()), jti: randomUUID(), ...(nonce && { nonce }) })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: tpp.signingAlg, jwk })
    .sign(key);
}

/**
 * POSTs a form to the AS as the TPP does: client authentication added, and for a DPoP-bound TPP a proof, sent again
 * once with the server's nonce when the first answer is use_dpop_nonce (RFC 9449 8).
 */
export async function postAsTpp(context: DiagnosisContext, url: string, form: Record<string, string>): Promise<ProbeAnswer> {
  const send = async (nonce?: string) => {
    const { dpopKey } = context.onboarded;
    const headers = dpopKey ? { dpop: await dpopProof(context, dpopKey, url, nonce) } : undefined;
    return context.send(url, { method: 'POST', headers, form: { ...form, ...(await clientAuthentication(context)) } });
  };
  const first = await send();
  const nonce = first.headers['dpop-nonce'];
  return first.json.error === 'use_dpop_nonce' && nonce ? send(nonce) : first;
}

/** The response the TPP's profile and choices ask for (FAPI 1.0 JARM or hybrid; FAPI 2.0 code). */
function responseParameters(tpp: OnboardedTpp): Record<string, string> {
  if (tpp.profile === 'fapi1-advanced' && tpp.responseStyle === 'hybrid') return { response_type: 'code id_token' };
  if (tpp.profile === 'fapi1-advanced') return { response_type: 'code', response_mode: 'jwt' };
  return { response_type: 'code' };
}

/**
 * The parameters of an authorization request the TPP could push, for `redirectUri`, naming PROBE_INTENT_ID: PKCE S256
 * (a fixed challenge: no code will ever be issued), state and nonce.
 */
function authorizationParameters(tpp: OnboardedTpp, redirectUri: string): Record<string, unknown> {
  return {
    client_id: tpp.clientId,
    ...responseParameters(tpp),
    redirect_uri: redirectUri,
    scope: 'openid accounts',
    state: randomUUID(),
    nonce: randomUUID(),
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    claims: {
      id_token: {
        openbanking_intent_id: { value: PROBE_INTENT_ID, essential: true },
        acr: { essential: true, values: ['urn:openbanking:psd2:sca'] },
      },
    },
  };
}

/** A request object (JAR) of those parameters, signed with signing.jwk.json: aud the issuer, 5 minutes (FAPI allows 60). */
export async function signedRequestObject(context: DiagnosisContext, redirectUri: string): Promise<string> {
  const tpp = context.onboarded;
  const now = epochSeconds(context.options.now());
  return new SignJWT({ ...authorizationParameters(tpp, redirectUri), iss: tpp.clientId, aud: tpp.issuer, jti: randomUUID(), iat: now, nbf: now, exp: now + 300 })
    .setProtectedHeader({ alg: tpp.signingAlg, kid: tpp.signingKid })
    .sign(tpp.signingKey);
}

/** Pushes (PAR, RFC 9126) an authorization request for `redirectUri` the way the TPP registered: signed, or plain parameters. */
export async function pushAuthorizationRequest(context: DiagnosisContext, redirectUri: string, signed = context.onboarded.requestObject === 'signed'): Promise<ProbeAnswer> {
  const url = context.endpoints.pushed_authorization_request_endpoint;
  if (signed) return postAsTpp(context, url, { request: await signedRequestObject(context, redirectUri) });
  const plain = Object.entries(authorizationParameters(context.onboarded, redirectUri)).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
  return postAsTpp(context, url, Object.fromEntries(plain));
}

const descriptionOf = (answer: ProbeAnswer) => String(answer.json.error_description ?? '');

/** PAR accepted the pushed request, or refused it only for the consent it names (PROBE_INTENT_ID): everything before was right. */
export const acceptedUpToTheConsent = (answer: ProbeAnswer): boolean =>
  answer.status === 201 || (answer.json.error === 'invalid_request' && descriptionOf(answer).includes('openbanking_intent_id'));

/** PAR refused the redirect_uri (oidc-provider answers invalid_request there, RFC 9126 2.3, or invalid_redirect_uri). */
export const refusedTheRedirectUri = (answer: ProbeAnswer): boolean =>
  answer.json.error === 'invalid_redirect_uri' || (answer.json.error === 'invalid_request' && descriptionOf(answer).includes('redirect_uri'));

/** "HTTP 400 invalid_request: redirect_uri did not match ...": an answer as the AS gave it. */
export function answerInWords({ status, json }: ProbeAnswer): string {
  const error = typeof json.error === 'string' ? ` ${json.error}` : '';
  const description = typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
  return `HTTP ${status}${error}${description}`;
}
