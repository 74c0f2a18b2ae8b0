import type { JWTPayload } from 'jose';

/** The claims of the authorization server's JWT access tokens (docs/architecture.md "Authorization server"). */
export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope?: string;
  /** What the token is bound to: a certificate's thumbprint (RFC 8705 3.1) or a DPoP key's thumbprint (RFC 9449 6.1). */
  cnf?: { 'x5t#S256'?: string; jkt?: string };
  /** The consent an authorization-code token was authorised for; client-credentials tokens have none. */
  openbanking_intent_id?: string;
  /** The AS grant an authorization-code token was issued from (refused once the AS revokes it). */
  grant_id?: string;
}
