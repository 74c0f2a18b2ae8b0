import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type GrantRevocationRecorded, ok, refuse, Requests, type RpcReply } from '@fapi/nats-contract';
import type { BankStore } from '../ledger/bank-store';
import type { PreparedStatements } from '../ledger/prepared-statements';

/**
 * The grants the authorization server revoked. The bank verifies access tokens offline, so it learns of revocations
 * from the AS (Requests.revokeGrant, and the durable stream Streams.grantRevocations: GrantRevocationListener) and keeps them in its database, shared by every bank instance.
 */
export class RevokedGrants {
  constructor(
    private readonly store: BankStore,
    private readonly statements: PreparedStatements,
  ) {}

  /**
   * The request and the stream's message of one revocation both arrive, possibly at the same moment, the message maybe
   * more than once (delivered again when its acknowledgement was lost): INSERT
   * ... ON CONFLICT DO NOTHING keeps the first record (an upsert would let the second concurrent insert fail on the
   * primary key).
   */
  async revoke(grantId: string, at: Date): Promise<void> {
    await this.store.prisma.revokedGrant.createMany({ data: [{ grantId, revokedAt: at }], skipDuplicates: true });
  }

  /** Asked on every request with a PSU-authorised token: a prepared statement (PreparedStatements). */
  isRevoked(grantId: string): Promise<boolean> {
    return this.statements.exists('revoked-grants-is-revoked', 'SELECT 1 FROM revoked_grant WHERE grant_id = $1', [grantId]);
  }
}

/** A revocation as the AS sends it, or undefined when it names no usable grant; a missing or bad time is now. */
export function grantRevocationOf(payload: unknown): { grantId: string; revokedAt: Date } | undefined {
  const { grantId, at } = (payload ?? {}) as { grantId?: unknown; at?: unknown };
  if (typeof grantId !== 'string' || !grantId || grantId.length > 256) return undefined;
  return { grantId, revokedAt: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date() };
}

/**
 * NATS: the authorization server asks the bank to revoke a grant and answers its client (invalid_grant for a reused
 * code, RFC 6749 4.1.2) only once the bank has acknowledged, i.e. refuses the grant's tokens. (It also publishes each
 * revocation on a durable stream, for a bank that was away: GrantRevocationListener.)
 */
@Controller()
export class RevokedGrantsController {
  constructor(private readonly grants: RevokedGrants) {}

  @MessagePattern(Requests.revokeGrant)
  async revokeGrant(@Payload() payload: unknown): Promise<RpcReply<GrantRevocationRecorded>> {
    const revocation = grantRevocationOf(payload);
    if (!revocation) return refuse('INVALID', 'a grant revocation names a grantId of 1 to 256 characters');
    await this.grants.revoke(revocation.grantId, revocation.revokedAt);
    return ok({ grantId: revocation.grantId });
  }
}
