import { createPublicKey } from 'node:crypto';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { CryptoKeyPair, PrivateKey } from 'openid-client';

const WEB_CRYPTO_ALGORITHM = {
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const;

/**
 * The TPP's signing key as openid-client wants it (a WebCrypto key allowed to sign, with its `kid`): it signs the
 * request object and the private_key_jwt client assertion, both with the registered algorithm.
 */
export function signingPrivateKey(tpp: Pick<OnboardedTpp, 'signingKey' | 'signingKid' | 'signingAlg'>): PrivateKey {
  return { key: tpp.signingKey.toCryptoKey(WEB_CRYPTO_ALGORITHM[tpp.signingAlg], false, ['sign']), kid: tpp.signingKid };
}

/**
 * The TPP's DPoP key pair as openid-client's DPoP handle wants it: onboarding generated it with the signing
 * algorithm; the public half must be extractable, as every proof carries it as its `jwk` header (RFC 9449 4.2).
 */
export function dpopKeyPair(tpp: Pick<OnboardedTpp, 'dpopKey' | 'signingAlg' | 'clientName'>): CryptoKeyPair {
  if (!tpp.dpopKey) throw new Error(`${tpp.clientName} is DPoP-bound but its onboarded folder has no DPoP key`);
  const algorithm = WEB_CRYPTO_ALGORITHM[tpp.signingAlg];
  return {
    privateKey: tpp.dpopKey.toCryptoKey(algorithm, false, ['sign']),
    publicKey: createPublicKey(tpp.dpopKey).toCryptoKey(algorithm, true, ['verify']),
  };
}
