import {
  base64url,
  createLocalJWKSet,
  errors,
  flattenedVerify,
  type FlattenedJWSInput,
  type FlattenedVerifyGetKey,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type KeyInput,
} from 'jose';
import { parseDetachedJws, signaturePresent } from './detached-jws';
import {
  algIsPs256,
  critIsExactlyTheObClaims,
  ctyIsJson,
  iatInThePast,
  issIsTheExpectedPsp,
  mandatoryClaimsPresent,
  onlyObHeaderClaims,
  tanIsTrusted,
  typIsJose,
  type ClaimExpectations,
} from './header-rules';
import { OB_CRIT_UNDERSTOOD, OB_DIRECTORY_TAN, OB_SIGNING_ALG, ObClaim } from './ob-signature-header';
import { bodyBytes } from './sign-detached-jws';
import { SignatureErrorCode, SignatureRefused } from './signature-refused';

/** The signer's public keys: its JWKS, or a jose key resolver (e.g. `createRemoteJWKSet` of a published JWKS). */
export type SignatureKeys = JSONWebKeySet | FlattenedVerifyGetKey;

export interface VerifyDetachedJwsOptions {
  /** The PSP that must have signed (`http://openbanking.org.uk/iss`); any when omitted — then check the result's `iss`. */
  expectedIss?: string;
  /** The trust anchor trusted for `http://openbanking.org.uk/tan`; defaults to the Open Banking Directory. */
  expectedTan?: string;
  /** Verification time; defaults to now. */
  now?: Date;
  /** How old `http://openbanking.org.uk/iat` may be; no limit when omitted. */
  maxAgeSeconds?: number;
}

/** What a verified signature says about its signer. */
export interface VerifiedSignature {
  kid: string;
  iss: string;
  tan: string;
  /** `http://openbanking.org.uk/iat`, seconds since the epoch. */
  iat: number;
  protectedHeader: JWSHeaderParameters;
}

/** A resolver that finds no key, or more than one, for the kid: the kid does not name the signer's key. */
const KID_NOT_RESOLVED = new Set([errors.JWKSNoMatchingKey.code, errors.JWKSMultipleMatchingKeys.code]);

/**
 * OB: the kid "must match a value that can be used to look up the key" at the trust anchor; the OB table gives
 * "a kid that does not resolve" as an example of Signature.InvalidClaim.
 */
async function keyNamedByKid(keys: SignatureKeys, header: JWSHeaderParameters, jws: FlattenedJWSInput): Promise<KeyInput> {
  const { kid } = header;
  if (typeof kid !== 'string' || !kid) {
    throw new SignatureRefused(SignatureErrorCode.InvalidClaim, `kid must be a non-empty string, not ${JSON.stringify(kid)}`, 'kid');
  }
  const resolve = typeof keys === 'function' ? keys : createLocalJWKSet(keys);
  try {
    return await resolve(header, jws);
  } catch (error) {
    if (KID_NOT_RESOLVED.has((error as errors.JOSEError).code)) {
      throw new SignatureRefused(SignatureErrorCode.InvalidClaim, `kid ${kid} names no single ${OB_SIGNING_ALG} key of the signer`, 'kid');
    }
    throw error;
  }
}

/**
 * OB verify step 3 (RFC 7515 Appendix F): the body is put back as the payload and the JWS verified as usual, PS256
 * only, the OB claims understood as `crit` extensions. A header that passed every rule but does not verify is
 * Signature.Invalid.
 */
async function signatureMatchesBody(jws: FlattenedJWSInput, key: KeyInput): Promise<void> {
  try {
    await flattenedVerify(jws, key, { algorithms: [OB_SIGNING_ALG], crit: OB_CRIT_UNDERSTOOD });
  } catch (error) {
    const reason = error instanceof errors.JWSSignatureVerificationFailed ? 'the signature does not match the body' : (error as Error).message;
    throw new SignatureRefused(SignatureErrorCode.Invalid, `x-jws-signature does not verify: ${reason}`);
  }
}

/**
 * Verifies an x-jws-signature over `body` (the exact bytes received) against the signer's keys, applying the OB rules
 * in the order below, and throws SignatureRefused with the OB code of the first one broken.
 */
export async function verifyDetachedJws(
  signature: string | undefined,
  body: string | Uint8Array,
  keys: SignatureKeys,
  { expectedIss, expectedTan = OB_DIRECTORY_TAN, now = new Date(), maxAgeSeconds }: VerifyDetachedJwsOptions = {},
): Promise<VerifiedSignature> {
  const { encodedHeader, header, signature: encodedSignature } = parseDetachedJws(signaturePresent(signature));
  const expectations: ClaimExpectations = { expectedIss, expectedTan, now, maxAgeSeconds };
  onlyObHeaderClaims(header);
  mandatoryClaimsPresent(header);
  algIsPs256(header);
  typIsJose(header);
  ctyIsJson(header);
  critIsExactlyTheObClaims(header);
  iatInThePast(header, expectations);
  issIsTheExpectedPsp(header, expectations);
  tanIsTrusted(header, expectations);
  const jws: FlattenedJWSInput = { protected: encodedHeader, payload: base64url.encode(bodyBytes(body)), signature: encodedSignature };
  const key = await keyNamedByKid(keys, header, jws);
  await signatureMatchesBody(jws, key);
  return {
    kid: header.kid as string,
    iss: header[ObClaim.iss] as string,
    tan: header[ObClaim.tan] as string,
    iat: header[ObClaim.iat] as number,
    protectedHeader: header,
  };
}
