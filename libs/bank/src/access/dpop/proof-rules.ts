import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, errors, type JWK, type JWTPayload, jwtVerify, type ProtectedHeaderParameters } from 'jose';
import { isPlainText } from '@fapi/nats-contract';
import { BANK_TOKEN_RULES as RULES, receivedValue, type RefusalRule, refusalText } from '@fapi/refusal-catalogue';
import { DPOP_ALGORITHMS, dpopRefusal } from '../unauthorized';

/*
 * The checks of a DPoP proof presented with a DPoP-bound access token (RFC 9449 4.3, 7.1), one rule per function, each
 * refusing with 401 `DPoP error="invalid_dpop_proof"` (or `invalid_token` where the key does not match the token's
 * binding, as RFC 9449 7.1 shows it). bindings/dpop-proof.ts runs them in order.
 */

/** How old a proof may be (RFC 9449 11.1: "a relatively brief period"), from its iat; its jti is kept that long. */
export const DPOP_PROOF_MAX_AGE_SECONDS = 60;
/** How far in the future a proof's iat may be: the TPP's clock may run a little ahead of the bank's. */
export const DPOP_PROOF_CLOCK_SKEW_SECONDS = 5;
/** The longest jti the bank keeps (dpop_proof_jti.jti); a longer one is refused rather than truncated. */
export const DPOP_JTI_MAX_LENGTH = 256;

/** The members of a private or symmetric JWK (RFC 7518 6.2.2, 6.3.2, 6.4.1): none may be in a proof's jwk. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The claims of a DPoP proof presented with an access token (RFC 9449 4.2, 7). */
export interface DpopProofClaims {
  jti: string;
  htm: string;
  htu: string;
  iat: number;
  ath: string;
}

const invalidProof = (rule: RefusalRule, received?: string) => dpopRefusal('invalid_dpop_proof', refusalText(rule, received));

/** Rule (RFC 9449 4.3 check 1, 7.1): the request carries exactly one DPoP header, else 401. */
export function singleDpopHeader(request: IncomingMessage): string {
  const proofs = request.headersDistinct.dpop ?? [];
  if (proofs.length === 0) throw invalidProof(RULES.proofPresent, 'the request has no DPoP header');
  if (proofs.length > 1) throw invalidProof(RULES.proofSingle, `the request carries ${proofs.length} DPoP headers`);
  return proofs[0];
}

/** Rule (RFC 9449 4.3 check 2): the proof is a single well-formed JWT (compact JWS), else 401. */
export function proofHeader(proof: string): ProtectedHeaderParameters {
  try {
    if (proof.split('.').length !== 3) throw new Error('not a compact JWS');
    return decodeProtectedHeader(proof);
  } catch {
    throw invalidProof(RULES.proofWellFormed);
  }
}

/** Rule (RFC 9449 4.3 check 4): the proof's typ is dpop+jwt, else 401. */
export function typIsDpopJwt(header: ProtectedHeaderParameters): void {
  if (header.typ !== 'dpop+jwt') throw invalidProof(RULES.proofTyp, `the DPoP proof typ is ${receivedValue(header.typ)}`);
}

/** Rule (RFC 9449 4.3 check 5): the proof's alg is an asymmetric one the bank accepts (never none, never HS*), else 401. */
export function algIsAccepted(header: ProtectedHeaderParameters): void {
  if (!DPOP_ALGORITHMS.includes(header.alg ?? '')) throw invalidProof(RULES.proofAlg, `the DPoP proof alg is ${receivedValue(header.alg)}`);
}

/** Rule (RFC 9449 4.1, 4.3 check 7): the proof's jwk header is a public key (no private or symmetric members), else 401. */
export function jwkIsPublicKey(header: ProtectedHeaderParameters): JWK {
  const { jwk } = header;
  if (!jwk || typeof jwk !== 'object' || typeof jwk.kty !== 'string') throw invalidProof(RULES.proofJwk, 'the DPoP proof has no jwk header');
  if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) throw invalidProof(RULES.proofJwk, 'the DPoP proof jwk has private or symmetric key members');
  return jwk;
}

/** Rule (RFC 9449 4.3 check 6): the proof's signature verifies with the key of its jwk header, else 401. */
export async function signatureVerifies(proof: string, now: Date): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { algorithms: [...DPOP_ALGORITHMS], currentDate: now });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTInvalid) throw invalidProof(RULES.proofClaims, 'the DPoP proof claims are malformed');
    throw invalidProof(RULES.proofSignature);
  }
}

/** Rule (RFC 9449 4.2, 4.3 check 3, 7): the proof has a jti, htm, htu, iat and (with an access token) ath, else 401. */
export function requiredClaims(payload: JWTPayload): DpopProofClaims {
  const { jti, htm, htu, iat, ath } = payload;
  // the jti goes into a query: no control character (PostgreSQL refuses NUL), no more than its column holds
  if (!isPlainText(jti, DPOP_JTI_MAX_LENGTH)) throw invalidProof(RULES.proofClaims, 'the DPoP proof jti is absent, too long or has control characters');
  if (typeof htm !== 'string') throw invalidProof(RULES.proofClaims, 'the DPoP proof has no htm claim');
  if (typeof htu !== 'string') throw invalidProof(RULES.proofClaims, 'the DPoP proof has no htu claim');
  if (typeof iat !== 'number') throw invalidProof(RULES.proofClaims, 'the DPoP proof has no iat claim');
  if (typeof ath !== 'string') throw invalidProof(RULES.proofClaims, 'the DPoP proof has no ath claim');
  return { jti, htm, htu, iat, ath };
}

/** Rule (RFC 9449 4.3 check 8): htm is the request's method, else 401. */
export function htmIsRequestMethod(payload: DpopProofClaims, request: IncomingMessage): void {
  if (payload.htm !== request.method) throw invalidProof(RULES.proofHtm, `the DPoP proof htm is ${receivedValue(payload.htm)}, the request ${request.method}`);
}

/** `https://host/path` of a URL: without query and fragment, scheme and host lower case, no default port (RFC 3986 6.2.2, 6.2.3). */
function withoutQueryAndFragment(url: string): string | undefined {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * Rule (RFC 9449 4.3 check 9): htu is the URL of this request without query and fragment, compared after syntax- and
 * scheme-based normalisation. The URL is the bank's configured public URL and the request's path, never the Host
 * header (a TPP could send any), else 401.
 */
export function htuIsRequestUrl(payload: DpopProofClaims, request: IncomingMessage & { originalUrl?: string }, bankUrl: string): void {
  const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
  const expected = withoutQueryAndFragment(`${bankUrl}${path}`);
  if (!expected || withoutQueryAndFragment(payload.htu) !== expected) throw invalidProof(RULES.proofHtu, `the DPoP proof htu is not ${expected ?? 'a URL'}`);
}

/**
 * Rule (RFC 9449 4.3 check 11, 11.1): the proof was made within the last DPOP_PROOF_MAX_AGE_SECONDS, its iat at most
 * DPOP_PROOF_CLOCK_SKEW_SECONDS ahead of the bank's clock, else 401.
 */
export function iatIsRecent(payload: DpopProofClaims, now: Date): void {
  const nowSeconds = now.getTime() / 1000;
  if (payload.iat < nowSeconds - DPOP_PROOF_MAX_AGE_SECONDS) throw invalidProof(RULES.proofIat, `the DPoP proof iat is ${Math.round(nowSeconds - payload.iat)} s old`);
  if (payload.iat > nowSeconds + DPOP_PROOF_CLOCK_SKEW_SECONDS) throw invalidProof(RULES.proofIat, `the DPoP proof iat is ${Math.round(payload.iat - nowSeconds)} s ahead`);
}

/** Rule (RFC 9449 4.3 check 12, 7): ath is base64url(SHA-256(access token)) of the token presented with it, else 401. */
export function athIsHashOfToken(payload: DpopProofClaims, accessToken: string): void {
  const hash = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
  if (payload.ath !== hash) throw invalidProof(RULES.proofAth);
}

/**
 * Rule (RFC 9449 4.3 check 12, 6.1): the proof's key is the one the token is bound to, its JWK SHA-256 thumbprint
 * (RFC 7638) equal to cnf.jkt, else 401 `invalid_token` (RFC 9449 7.1: "Invalid DPoP key binding").
 */
export async function keyIsBoundToToken(jwk: JWK, jkt: string | undefined): Promise<void> {
  if ((await calculateJwkThumbprint(jwk, 'sha256')) !== jkt) {
    throw dpopRefusal('invalid_token', refusalText(RULES.proofKeyBinding, 'the proof key thumbprint is not cnf.jkt'));
  }
}

/**
 * Rule (RFC 9449 11.1): a proof is used once: its jti was not accepted before, by any bank instance, while a proof
 * with it could still be accepted, else 401. `firstUse` records it, so this runs after every other check.
 */
export async function jtiIsFirstUse(
  payload: DpopProofClaims,
  usedProofs: { firstUse(jti: string, keepUntil: Date, now: Date): Promise<boolean> },
  now: Date,
): Promise<void> {
  const keepUntil = new Date((payload.iat + DPOP_PROOF_MAX_AGE_SECONDS) * 1000);
  if (!(await usedProofs.firstUse(payload.jti, keepUntil, now))) throw invalidProof(RULES.proofJtiUnused, 'the DPoP proof jti was used before');
}
