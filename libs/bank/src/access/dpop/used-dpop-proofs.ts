import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicSweep } from '@fapi/service-runtime';
import { Prisma } from '../../../generated/prisma';
import type { BankStore } from '../../ledger/bank-store';

/** How often an instance deletes the jti rows that expired (on a timer, never on the way of a check). */
export const USED_PROOF_SWEEP_INTERVAL_MS = 60_000;

/**
 * The jti of the DPoP proofs the bank accepted (RFC 9449 11.1), in its database (table dpop_proof_jti) so that every
 * bank instance refuses a proof another one accepted. A jti is kept until no proof made at its iat could be accepted;
 * expired rows are swept by a timer of each instance (a check only ever runs its one statement: an expired row left
 * there is re-used by that statement, so sweeping only reclaims space).
 */
export class UsedDpopProofs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweeper: PeriodicSweep;

  constructor(
    private readonly store: BankStore,
    sweepIntervalMs = USED_PROOF_SWEEP_INTERVAL_MS,
  ) {
    this.sweeper = new PeriodicSweep('expired DPoP proof jti rows', () => this.sweep(), sweepIntervalMs, new Logger(UsedDpopProofs.name));
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  /**
   * Records a proof's jti until `keepUntil`; false when it is already recorded and not yet expired. One statement
   * decides: INSERT ... ON CONFLICT DO UPDATE ... WHERE expired. PostgreSQL makes a second instance inserting the same
   * jti at the same moment wait for the first and then see its row, so only one of them is told it is the first use.
   * A named prepared statement (it runs on every DPoP-bound request).
   */
  async firstUse(jti: string, keepUntil: Date, now: Date): Promise<boolean> {
    const recorded = await this.store.statements.sqlRows(Prisma.sql`
      INSERT INTO dpop_proof_jti (jti, expires_at) VALUES (${jti}, ${keepUntil})
      ON CONFLICT (jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE dpop_proof_jti.expires_at <= ${now}
      RETURNING 1`);
    return recorded.length === 1;
  }

  /** Deletes the rows expired at `now`; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    return (await this.store.prisma.dpopProofJti.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }
}
