import pg from 'pg';
import { withMaintenanceConnection } from '@fapi/persistence';
import { dropDatabase, freshDatabase } from './fresh-database';

const databaseExists = (databaseUrl: string) =>
  withMaintenanceConnection(databaseUrl, async (client, name) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);

describe('a test database of its own per run (two runs on one PostgreSQL server must not drop each other’s)', () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const databaseUrl of made) await dropDatabase(databaseUrl);
  });

  it('the same name asked for twice (two runs, two workers) gives two databases, each migrated, neither dropping the other', async () => {
    const first = await freshDatabase('bank', 'fapi_unit_testing_same_name');
    made.push(first);
    const second = await freshDatabase('bank', 'fapi_unit_testing_same_name');
    made.push(second);
    expect(second).not.toBe(first);
    await expect(databaseExists(first)).resolves.toBe(true);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      await expect(client.query('SELECT count(*) FROM idempotency_record')).resolves.toMatchObject({ rows: [{ count: '0' }] });
    } finally {
      await client.end();
    }
  }, 60_000);

  it('a long name is cut to fit PostgreSQL’s 63-byte identifiers, keeping the run’s suffix', async () => {
    const databaseUrl = await freshDatabase('bank', `fapi_unit_${'x'.repeat(80)}`);
    made.push(databaseUrl);
    const name = new URL(databaseUrl).pathname.slice(1);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(new RegExp(`^fapi_unit_x+_${process.pid}_[0-9a-f]{8}$`));
    await expect(databaseExists(databaseUrl)).resolves.toBe(true);
  }, 60_000);

  it('dropDatabase removes it', async () => {
    const databaseUrl = await freshDatabase('bank', 'fapi_unit_testing_dropped');
    await dropDatabase(databaseUrl);
    await expect(databaseExists(databaseUrl)).resolves.toBe(false);
  }, 60_000);
});
