import type { OnboardedTpp } from '@fapi/onboarding';
import type { PrivateKey } from 'openid-client';

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
