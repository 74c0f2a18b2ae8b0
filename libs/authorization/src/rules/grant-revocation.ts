import { Logger } from '@nestjs/common';
import type { KoaContextWithOIDC, Provider, Token } from 'oidc-provider';
import { type GrantRevoked, type NatsContractClient, Requests } from '@fapi/nats-contract';

// RFC 6749 4.1.2 (FAPI 1.0 Advanced 5.2.2): a reused authorization code revokes what it issued. oidc-provider drops
// the tokens it stores, but the bank verifies JWT access tokens offline: so each names its grant (`grant_id`), and the
// bank is told of every grant revocation. When the token endpoint answers the reuse with invalid_grant, the bank must
// already refuse that grant's tokens, or the first access token keeps working for a moment after the refusal.

/** Where revocations are announced durably: Streams.grantRevocations (a DurableStreamPublisher; a test double). */
export interface GrantRevocationAnnouncements {
  /** Resolves once the announcement is stored; rejects when it could not be. */
  publish(revocation: GrantRevoked): Promise<void>;
}

/** How long an answer that revoked a grant waits for the bank's acknowledgement before it leaves without it. */
export const BANK_ACKNOWLEDGEMENT_TIMEOUT_MS = 2_000;

export function grantInAccessToken(token: Token): Record<string, unknown> | undefined {
  const { grantId } = token as Token & { grantId?: string };
  return token.kind === 'AccessToken' && grantId ? { grant_id: grantId } : undefined;
}

/**
 * oidc-provider (lib/helpers/revoke.js) drops the grant and its stored tokens, then emits 'grant.revoked' with the
 * request's context and awaits no listener; its error handler then renders invalid_grant into that context, and Koa
 * sends it only once every middleware has returned. So the listener asks the bank (Requests.revokeGrant) and notes the
 * pending acknowledgement on the context, and a middleware around the provider holds the answer until the bank has
 * acknowledged, at most `timeoutMs`: a bank that is away or slow costs the client that wait, never its invalid_grant.
 * Every revocation is also announced on a durable stream (`announcements`), kept for a bank that is down or restarting
 * and so never hears the request: the answer does not wait for it, and a failed announcement is only logged.
 */
export function revokeGrantsAtTheBank(
  provider: Provider,
  bank: Pick<NatsContractClient, 'request'>,
  announcements: GrantRevocationAnnouncements,
  timeoutMs = BANK_ACKNOWLEDGEMENT_TIMEOUT_MS,
): void {
  const logger = new Logger('GrantRevocation');
  const unacknowledged = new WeakMap<object, Promise<void>[]>();
  const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));

  const bankAcknowledges = async (revocation: GrantRevoked): Promise<void> => {
    try {
      const reply = await bank.request(Requests.revokeGrant, revocation, { timeoutMs });
      if (!reply.ok) logger.error(`the bank refused the revocation of grant ${revocation.grantId}: ${reply.error.message}`);
    } catch (error) {
      logger.error(`the bank did not acknowledge the revocation of grant ${revocation.grantId}; answering without it: ${failure(error)}`);
    }
  };

  provider.on('grant.revoked', (ctx: unknown, revoked: unknown) => {
    const revocation: GrantRevoked = { grantId: String(revoked), at: new Date().toISOString() };
    announcements.publish(revocation).catch((error: unknown) => {
      logger.error(`could not announce the revocation of grant ${revocation.grantId}: ${failure(error)}`);
    });
    const context = ctx as KoaContextWithOIDC;
    unacknowledged.set(context, [...(unacknowledged.get(context) ?? []), bankAcknowledges(revocation)]);
  });

  provider.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      await Promise.all(unacknowledged.get(ctx) ?? []);
    }
  });
}
