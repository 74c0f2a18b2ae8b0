import type { RefusalRule } from './refusal-rule';

const rfc9449 = (id: string, clause: string, expected: string): RefusalRule => ({ id: `rfc9449.${id}`, standard: 'RFC 9449', clause, expected });

/**
 * The rules the bank refuses a sender-constrained access token by, with a 401 challenge whose error_description is the
 * refusal (libs/bank/src/access: presented-token.ts, token-binding.ts, dpop/proof-rules.ts). Their words go in a quoted
 * string: the catalogue spec keeps `"` and `\` out of them.
 */
export const BANK_TOKEN_RULES = {
  tokenValid: rfc9449('token.valid', '7.1 (RFC 6750 3.1)', 'the access token is one the authorization server issued, unexpired and not revoked'),
  tokenDpopBound: rfc9449('token.dpop-bound', '7.1', 'a token presented in the DPoP scheme is DPoP-bound (cnf.jkt)'),
  tokenInItsScheme: rfc9449('token.scheme-of-binding', '7.2', 'a DPoP-bound access token is presented in the DPoP scheme with a DPoP proof'),
  proofPresent: rfc9449('proof.present', '4.3 check 1', 'a DPoP-bound access token comes with a DPoP proof in a DPoP header'),
  proofSingle: rfc9449('proof.single-header', '4.3 check 1', 'the request carries exactly one DPoP header'),
  proofWellFormed: rfc9449('proof.well-formed', '4.3 check 2', 'the DPoP proof is a well-formed JWT'),
  proofTyp: rfc9449('proof.typ', '4.3 check 4', 'the DPoP proof typ is dpop+jwt'),
  proofAlg: rfc9449('proof.alg', '4.3 check 5', 'the DPoP proof alg is PS256 or ES256'),
  proofJwk: rfc9449('proof.jwk', '4.3 check 7', 'the DPoP proof jwk header is a public key'),
  proofSignature: rfc9449('proof.signature', '4.3 check 6', 'the DPoP proof signature verifies with the key of its jwk header'),
  proofClaims: rfc9449('proof.claims', '4.2, 4.3 check 3', 'the DPoP proof has a jti of 1 to 256 plain characters, htm, htu, iat and ath claims'),
  proofHtm: rfc9449('proof.htm', '4.3 check 8', 'the DPoP proof htm is the method of this request'),
  proofHtu: rfc9449('proof.htu', '4.3 check 9', 'the DPoP proof htu is the URL of this request'),
  proofIat: rfc9449('proof.iat', '4.3 check 11, 11.1', 'the DPoP proof iat is within the last 60 s and at most 5 s ahead'),
  proofAth: rfc9449('proof.ath', '4.3 check 12', 'the DPoP proof ath is the base64url SHA-256 hash of the access token'),
  proofKeyBinding: rfc9449('proof.key-binding', '4.3 check 12, 6.1', 'the DPoP proof is signed by the key the access token is bound to (cnf.jkt)'),
  proofJtiUnused: rfc9449('proof.jti-unused', '11.1', 'a DPoP proof is used once (its jti is new)'),
} as const satisfies Record<string, RefusalRule>;
