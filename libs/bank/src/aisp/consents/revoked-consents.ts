import type { PreparedStatements } from '../../ledger/prepared-statements';

/**
 * The account-access consents TPPs asked this bank to revoke (`revoked_consent`, shared by every bank instance). A
 * revocation is recorded before consent-service is asked, and every read served from an instance's consent cache
 * first looks here: so once DELETE has answered, the consent's next read on any instance asks consent-service (and is
 * refused), without waiting for consent-service's announcement to reach that instance. The lookup runs on every
 * cached read: a prepared statement (PreparedStatements).
 */
export class RevokedConsents {
  constructor(private readonly statements: PreparedStatements) {}

  async record(consentId: string): Promise<void> {
    await this.statements.rows(
      'revoked-consents-record',
      'INSERT INTO revoked_consent (consent_id, asked_at) VALUES ($1, now()) ON CONFLICT (consent_id) DO NOTHING',
      [consentId],
    );
  }

  isRevoked(consentId: string): Promise<boolean> {
    return this.statements.exists('revoked-consents-is-revoked', 'SELECT 1 FROM revoked_consent WHERE consent_id = $1', [consentId]);
  }
}
