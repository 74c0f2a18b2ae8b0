/**
 * The authorization server revoked a grant (e.g. its authorization code was used twice, RFC 6749 4.1.2): every token
 * issued from it must stop working, also the JWT access tokens resource servers verify offline (they carry `grant_id`).
 * Sent twice: as Requests.revokeGrant, which the bank acknowledges once it refuses the grant's tokens (the AS waits for
 * that before answering), and on the durable stream Streams.grantRevocations, kept for a bank that is down or
 * restarting when the request is sent.
 */
export interface GrantRevoked {
  grantId: string;
  at: string;
}

/** The bank's acknowledgement of Requests.revokeGrant: from now on it refuses every token of this grant. */
export interface GrantRevocationRecorded {
  grantId: string;
}

/**
 * The longest an access token of the sandbox's authorization server lives (its lifetimes stay within it: a test pins
 * that). Every token of a revoked grant was issued before the revocation, so once this has passed since the revocation
 * none is left to refuse: the revocation stream keeps a revocation no longer.
 */
export const LONGEST_ACCESS_TOKEN_LIFETIME_MS = 10 * 60_000;
