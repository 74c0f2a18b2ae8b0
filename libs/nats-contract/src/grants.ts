/**
 * The authorization server revoked a grant (e.g. its authorization code was used twice, RFC 6749 4.1.2): every token
 * issued from it must stop working, also the JWT access tokens resource servers verify offline (they carry `grant_id`).
 * Sent twice: as Requests.revokeGrant, which the bank acknowledges once it refuses the grant's tokens (the AS waits for
 * that before answering), and as Events.grantRevoked, for any other listener.
 */
export interface GrantRevoked {
  grantId: string;
  at: string;
}

/** The bank's acknowledgement of Requests.revokeGrant: from now on it refuses every token of this grant. */
export interface GrantRevocationRecorded {
  grantId: string;
}
