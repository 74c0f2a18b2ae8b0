/**
 * The JOSE header of an OB message signature (read-write-data-api-profile.md "Message Signing", "Step 2: Form the
 * JOSE Header"): `alg` PS256, `kid`, optional `typ`/`cty`, three private claims, and `crit` naming exactly those.
 */

/** The OB private header claims (RFC 7515 §4.3 private header parameter names). */
export const ObClaim = {
  /** When it was signed: a JSON number of seconds since the epoch. */
  iat: 'http://openbanking.org.uk/iat',
  /** Who signed it: a TPP `{org-id}/{software-statement-id}`, an ASPSP `{org-id}`. */
  iss: 'http://openbanking.org.uk/iss',
  /** The trust anchor that holds the signer's public key, as a domain name. */
  tan: 'http://openbanking.org.uk/tan',
} as const;

/** What `crit` must list: exactly the three OB claims. */
export const OB_CRIT: readonly string[] = [ObClaim.iat, ObClaim.iss, ObClaim.tan];

/** "The signer must sign the message with PS256." */
export const OB_SIGNING_ALG = 'PS256';

/** The Open Banking Directory as trust anchor, the `tan` both signer and verifier default to. */
export const OB_DIRECTORY_TAN = 'openbanking.org.uk';

/** jose's `crit` option: the OB claims are understood here and must sit in the protected header. */
export const OB_CRIT_UNDERSTOOD: Record<string, boolean> = Object.fromEntries(OB_CRIT.map((claim) => [claim, true]));
