import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicSweep } from '@fapi/service-runtime';
import type { PreparedStatements } from '../../ledger/prepared-statements';
import { DEFAULT_AUTHORISED_CONSENT_CACHE } from './authorised-consent-cache';

/**
 * How long a revocation is kept: far past the longest an instance keeps a consent in its cache (30 s from the answer it
 * cached, that answer being at most a NATS request's timeout old), after which no cache can still hold the consent as
 * authorised and the row protects nothing.
 */
export const REVOKED_CONSENT_KEPT_MS = Math.max(10 * 60_000, 10 * DEFAULT_AUTHORISED_CONSENT_CACHE.maxAgeMs);
/** How often an instance deletes the revocations older than that (on a timer, never on the way of a read). */
export const REVOKED_CONSENT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The account-access consents TPPs asked this bank to revoke (`revoked_consent`, shared by every bank instance). A
 * revocation is recorded before consent-service is asked, and every read served from an instance's consent cache
 * first looks here: so once DELETE has answered, the consent's next read on any instance asks consent-service (and is
 * refused), without waiting for consent-service's announcement to reach that instance. The lookup runs on every
 * cached read: a prepared statement (PreparedStatements). Rows are swept once no cache can hold the consent any more,
 * so that DELETEs (any TPP's, of any id) cannot grow the table without bound.
 */
export class RevokedConsents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweeper: PeriodicSweep;

  constructor(
    private readonly statements: PreparedStatements,
    sweepIntervalMs = REVOKED_CONSENT_SWEEP_INTERVAL_MS,
  ) {
    this.sweeper = new PeriodicSweep('old consent revocations', () => this.sweep(), sweepIntervalMs, new Logger(RevokedConsents.name));
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  async record(consentId: string): Promise<void> {
    await this.statements.rows(
      'revoked-consents-record',
      'INSERT INTO revoked_consent (consent_id, asked_at) VALUES ($1, now()) ON CONFLICT (consent_id) DO UPDATE SET asked_at = now()',
      [consentId],
    );
  }

  isRevoked(consentId: string): Promise<boolean> {
    return this.statements.exists('revoked-consents-is-revoked', 'SELECT 1 FROM revoked_consent WHERE consent_id = $1', [consentId]);
  }

  /** Deletes the revocations asked before `now` - REVOKED_CONSENT_KEPT_MS; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const swept = await this.statements.rows<{ consent_id: string }>(
      'revoked-consents-sweep',
      'DELETE FROM revoked_consent WHERE asked_at < $1 RETURNING consent_id',
      [new Date(now.getTime() - REVOKED_CONSENT_KEPT_MS)],
    );
    return swept.length;
  }
}
