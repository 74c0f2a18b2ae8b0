import { Logger } from '@nestjs/common';
import type { Provider, Token } from 'oidc-provider';
import { Events, type NatsContractClient } from '@fapi/nats-contract';

// RFC 6749 4.1.2 (FAPI 1.0 Advanced 5.2.2): a reused authorization code revokes what it issued. oidc-provider drops
// the tokens it stores, but the bank verifies JWT access tokens offline: so each names its grant (`grant_id`), and
// every grant revocation is announced on NATS for the bank to refuse that grant's tokens.
export function grantInAccessToken(token: Token): Record<string, unknown> | undefined {
  const { grantId } = token as Token & { grantId?: string };
  return token.kind === 'AccessToken' && grantId ? { grant_id: grantId } : undefined;
}

export function announceGrantRevocations(provider: Provider, events: Pick<NatsContractClient, 'emit'>): void {
  const logger = new Logger('GrantRevocation');
  provider.on('grant.revoked', (_ctx: unknown, revoked: unknown) => {
    const grantId = String(revoked);
    events.emit(Events.grantRevoked, { grantId, at: new Date().toISOString() }).catch((error: unknown) => {
      logger.error(`could not announce the revocation of grant ${grantId}: ${error instanceof Error ? error.message : error}`);
    });
  });
}
