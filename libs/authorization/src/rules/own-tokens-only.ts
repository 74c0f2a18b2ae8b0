import type { Client, Token } from 'oidc-provider';

// RFC 7662 2.1 / RFC 7009 2.1: a client may introspect and revoke only its own tokens; another client's token reads as
// inactive and is left alone.
export const ownTokensOnly = async (_ctx: unknown, client: Client, token: Token): Promise<boolean> => token.clientId === client.clientId;
