/**
 * The authorization server revoked a grant (e.g. its authorization code was used twice, RFC 6749 4.1.2): every token
 * issued from it must stop working, also the JWT access tokens resource servers verify offline (they carry `grant_id`).
 */
export interface GrantRevoked {
  grantId: string;
  at: string;
}
