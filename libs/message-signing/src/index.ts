/** UK Open Banking message signing: the detached JWS of the `x-jws-signature` header, signed and verified with jose. */
export { signDetachedJws, type SignDetachedJwsOptions, type SigningKey } from './sign-detached-jws';
export { verifyDetachedJws, type SignatureKeys, type VerifiedSignature, type VerifyDetachedJwsOptions } from './verify-detached-jws';
export { SignatureErrorCode, SignatureRefused } from './signature-refused';
export { OB_CRIT, OB_DIRECTORY_TAN, OB_SIGNING_ALG, ObClaim } from './ob-signature-header';
export { IAT_CLOCK_SKEW_SECONDS } from './header-rules';
