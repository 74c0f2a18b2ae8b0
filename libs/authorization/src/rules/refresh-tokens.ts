import type { Client, Token } from 'oidc-provider';

// Our refresh-token rule (OB leaves it to the ASPSP): a refresh token is issued only for the authorization_code grant
// of a client registered with the refresh_token grant type. It lives as long as the consent may (Lifetimes), is not
// rotated, is bound to the client by client authentication (RFC 8705 4: confidential clients), and every access
// token refreshed from it is bound again to the certificate presented on that request.
export const issueRefreshTokenForAuthorisedConsents = async (_ctx: unknown, client: Client, code: Token): Promise<boolean> =>
  client.grantTypeAllowed('refresh_token') && code.kind === 'AuthorizationCode';
