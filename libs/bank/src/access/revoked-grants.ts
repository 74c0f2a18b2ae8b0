import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Events } from '@fapi/nats-contract';
import type { BankStore } from '../ledger/bank-store';

/**
 * The grants the authorization server revoked. The bank verifies access tokens offline, so it learns of revocations
 * from the AS's announcements (Events.grantRevoked) and keeps them in its database, shared by every bank instance.
 */
export class RevokedGrants {
  constructor(private readonly store: BankStore) {}

  /**
   * Every bank instance hears the announcement and records it, possibly at the same moment: INSERT ... ON CONFLICT DO
   * NOTHING keeps the first record (an upsert would let the second concurrent insert fail on the primary key).
   */
  async revoke(grantId: string, at: Date): Promise<void> {
    await this.store.prisma.revokedGrant.createMany({ data: [{ grantId, revokedAt: at }], skipDuplicates: true });
  }

  async isRevoked(grantId: string): Promise<boolean> {
    return (await this.store.prisma.revokedGrant.count({ where: { grantId } })) > 0;
  }
}

/** NATS: the authorization server announces each revoked grant. */
@Controller()
export class RevokedGrantsController {
  private readonly logger = new Logger('RevokedGrants');

  constructor(private readonly grants: RevokedGrants) {}

  @EventPattern(Events.grantRevoked)
  async grantRevoked(@Payload() payload: unknown): Promise<void> {
    const { grantId, at } = (payload ?? {}) as { grantId?: unknown; at?: unknown };
    if (typeof grantId !== 'string' || !grantId || grantId.length > 256) {
      this.logger.warn('ignored a grant revocation without a usable grantId');
      return;
    }
    const revokedAt = typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date();
    await this.grants.revoke(grantId, revokedAt);
  }
}
