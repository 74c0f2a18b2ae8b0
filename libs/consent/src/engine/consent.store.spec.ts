import pg from 'pg';
import { dropDatabase, freshDatabase } from '@fapi/testing';
import type { ConsentDatabase } from '../consent-database';
import { ConsentStore } from './consent.store';

/** Consents in the table when the plan is read: enough that walking an index range costs more than one lookup. */
const CONSENTS = 300;

// Every statement that reads or changes one consent must find it by its primary key, whatever the table's statistics
// say. On a table PostgreSQL never analysed (a server with autovacuum off, or a new deployment before its first
// autoanalyze) their generic plans used to walk the (kind, status, expires_at) index instead: every consent of the
// kind, and every entry a status change left behind, for each statement (issue 11: consent-service's PostgreSQL work
// per statement grew eightfold over two minutes of AIS journeys).
describe('the consent store’s statements on one consent', () => {
  let databaseUrl: string;
  let pool: pg.Pool;
  const statements: pg.QueryConfig[] = [];
  let store: ConsentStore;

  beforeAll(async () => {
    databaseUrl = await freshDatabase('consent', 'consent_store_plans');
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    store = new ConsentStore({
      pool: { query: (config: pg.QueryConfig) => (statements.push(config), pool.query(config)) },
    } as unknown as ConsentDatabase);
    const at = new Date();
    for (let n = 0; n < CONSENTS; n++) {
      await store.create({ kind: 'account-access', consentId: `aac-${n}`, clientId: 'tpp', status: 'AWAU', data: {}, at, reason: 'created' });
    }
  });

  afterAll(async () => {
    await pool.end();
    await dropDatabase(databaseUrl);
  });

  /** The plan PostgreSQL makes of a statement the store ran, as a prepared statement's generic plan. */
  async function genericPlanOf(name: string, parameters: string): Promise<string> {
    const { text } = statements.find((statement) => statement.name === name)!;
    const prepared = name.replace(/-/g, '_');
    const client = await pool.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE ${prepared} AS ${text}`);
      const plan = await client.query(`EXPLAIN EXECUTE ${prepared}(${parameters})`);
      return plan.rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
    } finally {
      client.release();
    }
  }

  it('runs on a table never analysed (what the plans below are about)', async () => {
    expect((await pool.query("SELECT reltuples FROM pg_class WHERE relname = 'consent'")).rows[0].reltuples).toBe(-1);
  });

  it('finds a consent by its primary key, and only of the kind asked', async () => {
    expect(await store.find('account-access', 'aac-1')).toMatchObject({ consentId: 'aac-1', status: 'AWAU' });
    expect(await store.find('domestic-payment', 'aac-1')).toBeUndefined();
    const plan = await genericPlanOf('consent-find', "'aac-1'");
    expect(plan).toContain('Index Scan using consent_pkey on consent');
    expect(plan).not.toContain('consent_kind_status_expires_at_idx');
  });

  it('changes a status by the primary key, only from the status it was read with', async () => {
    const change = { kind: 'account-access', from: 'AWAU', to: 'AUTH', at: new Date(), reason: 'authorised', expiry: 'not-passed' } as const;
    expect(await store.changeStatus({ ...change, consentId: 'aac-0' })).toMatchObject({ consentId: 'aac-0', status: 'AUTH' });
    expect(await store.changeStatus({ ...change, consentId: 'aac-0' })).toBeUndefined();
    expect(await store.changeStatus({ ...change, kind: 'domestic-payment', consentId: 'aac-2' })).toBeUndefined();
    const plan = await genericPlanOf('consent-change-status', "'aac-1', 'account-access', 'AWAU', 'AUTH', now(), 'authorised', NULL, '{}', false");
    expect(plan).toContain('Index Scan using consent_pkey on consent');
    expect(plan).not.toContain('consent_kind_status_expires_at_idx');
  });
});
