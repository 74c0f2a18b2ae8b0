import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dropDatabase, freshDatabase } from '@fapi/testing';
import { pendingMigrations } from './migration-history';

/** `_prisma_migrations` as Prisma's schema engine creates it (PostgreSQL). */
const PRISMA_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
  id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
  logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)`;

type Row = { name: string; finished?: boolean; rolledBack?: boolean };

describe('db:migrate starts Prisma only when _prisma_migrations does not record every migration as applied', () => {
  let databaseUrl: string;
  let client: pg.Client;
  const folder = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  for (const name of ['20260101000000_init', '20260102000000_second']) {
    mkdirSync(path.join(folder, name));
    writeFileSync(path.join(folder, name, 'migration.sql'), 'SELECT 1');
  }
  writeFileSync(path.join(folder, 'migration_lock.toml'), 'provider = "postgresql"\n');

  beforeAll(async () => {
    databaseUrl = await freshDatabase('consent', 'fapi_unit_migration_history');
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropDatabase(databaseUrl);
  });

  async function history(rows: Row[]): Promise<void> {
    await client.query('DROP TABLE IF EXISTS _prisma_migrations');
    await client.query(PRISMA_MIGRATIONS_TABLE);
    for (const [index, { name, finished = true, rolledBack = false }] of rows.entries()) {
      await client.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, rolled_back_at, applied_steps_count)
         VALUES ($1, 'x', $2, CASE WHEN $3 THEN now() END, CASE WHEN $4 THEN now() END, 1)`,
        [`id-${index}`, name, finished, rolledBack],
      );
    }
  }

  it('no history yet (a database never migrated by Prisma): Prisma decides', async () => {
    await client.query('DROP TABLE IF EXISTS _prisma_migrations');
    await expect(pendingMigrations(folder, databaseUrl)).resolves.toBeUndefined();
  });

  it('every migration folder recorded as finished: nothing is pending', async () => {
    await history([{ name: '20260101000000_init' }, { name: '20260102000000_second' }]);
    await expect(pendingMigrations(folder, databaseUrl)).resolves.toEqual([]);
  });

  it('a folder without a finished record is pending, and so is one whose record was rolled back', async () => {
    await history([{ name: '20260101000000_init', rolledBack: true, finished: false }]);
    await expect(pendingMigrations(folder, databaseUrl)).resolves.toEqual(['20260101000000_init', '20260102000000_second']);
    await history([{ name: '20260101000000_init' }]);
    await expect(pendingMigrations(folder, databaseUrl)).resolves.toEqual(['20260102000000_second']);
  });

  it('a migration that started and neither finished nor was rolled back: Prisma decides (it reports P3009)', async () => {
    await history([{ name: '20260101000000_init' }, { name: '20260102000000_second', finished: false }]);
    await expect(pendingMigrations(folder, databaseUrl)).resolves.toBeUndefined();
  });
});
