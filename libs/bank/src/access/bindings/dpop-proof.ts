import type { UsedDpopProofs } from '../dpop/used-dpop-proofs';
import {
  algIsAccepted,
  athIsHashOfToken,
  htmIsRequestMethod,
  htuIsRequestUrl,
  iatIsRecent,
  jtiIsFirstUse,
  jwkIsPublicKey,
  keyIsBoundToToken,
  proofHeader,
  requiredClaims,
  signatureVerifies,
  singleDpopHeader,
  typIsDpopJwt,
} from '../dpop/proof-rules';
import type { TokenBinding } from '../token-binding';

/** What checking a DPoP proof needs. */
export interface DpopProofDependencies {
  /** The bank's public base URL: a proof's htu is this and the request's path. */
  bankUrl: string;
  /** The proofs already accepted, by any bank instance. */
  usedProofs: Pick<UsedDpopProofs, 'firstUse'>;
  now(): Date;
}

/**
 * Rule (RFC 9449 7.1, FAPI 2.0 Security Profile 5.3.3): a token bound to a DPoP key (cnf.jkt) comes with a DPoP proof
 * of this request signed by that key. The checks of RFC 9449 4.3 in its order (the public jwk before the signature it
 * verifies), then the token's binding, then the replay check, which records the proof only once it passed every other.
 */
export const dpopProofBinding = ({ bankUrl, usedProofs, now }: DpopProofDependencies): TokenBinding => ({
  scheme: 'DPoP',
  binds: (claims) => Boolean(claims.cnf?.jkt),
  async requireProof(claims, request, presented) {
    const at = now();
    const proof = singleDpopHeader(request); // 4.3 check 1
    const header = proofHeader(proof); // check 2
    typIsDpopJwt(header); // check 4
    algIsAccepted(header); // check 5
    const jwk = jwkIsPublicKey(header); // check 7
    const payload = requiredClaims(await signatureVerifies(proof, at)); // checks 6, 3
    htmIsRequestMethod(payload, request); // check 8
    htuIsRequestUrl(payload, request, bankUrl); // check 9
    iatIsRecent(payload, at); // check 11
    athIsHashOfToken(payload, presented.token); // check 12
    await keyIsBoundToToken(jwk, claims.cnf?.jkt); // check 12
    await jtiIsFirstUse(payload, usedProofs, at); // 11.1
  },
});
