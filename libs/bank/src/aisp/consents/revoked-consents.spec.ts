import { dropDatabase, freshDatabase } from '@fapi/testing';
import { PreparedStatements } from '../../ledger/prepared-statements';
import { REVOKED_CONSENT_KEPT_MS, RevokedConsents } from './revoked-consents';
import { DEFAULT_AUTHORISED_CONSENT_CACHE } from './authorised-consent-cache';

describe('RevokedConsents: a TPP’s DELETE is seen by every bank instance, and kept only while a cache could hold the consent', () => {
  let databaseUrl: string;
  let statements: PreparedStatements[];
  beforeAll(async () => {
    databaseUrl = await freshDatabase('bank', 'fapi_unit_bank_revoked_consents');
    statements = [new PreparedStatements(databaseUrl), new PreparedStatements(databaseUrl)];
  }, 60_000);
  afterAll(async () => {
    await Promise.all((statements ?? []).map((instance) => instance.onApplicationShutdown()));
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('a revocation recorded by one instance is found by the other, and only for that consent', async () => {
    const [bankA, bankB] = statements.map((instance) => new RevokedConsents(instance));
    await expect(bankB.isRevoked('aac-1')).resolves.toBe(false);
    await bankA.record('aac-1');
    await expect(bankB.isRevoked('aac-1')).resolves.toBe(true);
    await expect(bankB.isRevoked('aac-2')).resolves.toBe(false);
  });

  it('is kept far longer than a cached consent lives', () => {
    expect(REVOKED_CONSENT_KEPT_MS).toBeGreaterThanOrEqual(10 * DEFAULT_AUTHORISED_CONSENT_CACHE.maxAgeMs);
  });

  it('the sweep deletes the revocations older than that and keeps the recent ones', async () => {
    const revoked = new RevokedConsents(statements[0]);
    await revoked.record('aac-old');
    await revoked.record('aac-recent');
    const justPastKept = new Date(Date.now() + REVOKED_CONSENT_KEPT_MS + 1_000);
    await statements[0].rows('test-age-recent', "UPDATE revoked_consent SET asked_at = $1 WHERE consent_id = 'aac-recent'", [new Date(justPastKept.getTime() - 60_000)]);
    expect(await revoked.sweep(justPastKept)).toBeGreaterThanOrEqual(1);
    await expect(revoked.isRevoked('aac-old')).resolves.toBe(false);
    await expect(revoked.isRevoked('aac-recent')).resolves.toBe(true);
  });
});
