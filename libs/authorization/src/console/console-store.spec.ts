import pg from 'pg';
import { consoleRecordOf } from '@fapi/developer-console';
import type { ConsoleRecord } from '@fapi/nats-contract';
import { createPrismaClient } from '@fapi/persistence';
import { dropDatabase, eventually, freshDatabase } from '@fapi/testing';
import { PrismaClient } from '../../generated/prisma';
import { ConsoleStore } from './console-store';

// The console keeps each client's newest records only (CONSOLE_RECORDS_PER_CLIENT; 3 here), however they arrive:
// the recording queue hands the store every record waiting at once (issue 11), so one batch mixes clients and may
// bring more than a client keeps.
describe('the console store keeps each client’s newest records, a batch at a time', () => {
  let databaseUrl: string;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let store: ConsoleStore;

  beforeAll(async () => {
    databaseUrl = await freshDatabase('authorization', 'fapi_unit_authorization_console_store');
    prisma = createPrismaClient(PrismaClient, databaseUrl);
    pool = new pg.Pool({ connectionString: databaseUrl });
    store = new ConsoleStore(prisma, pool, 3);
  });

  afterAll(async () => {
    await Promise.all([prisma?.$disconnect(), pool?.end()]);
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  const second = (n: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, n));
  const recordOf = (clientId: string, n: number): ConsoleRecord =>
    consoleRecordOf({ service: 'bank', clientId, method: 'GET', url: `/accounts/${n}`, status: 200 }, second(n));
  const endpointsOf = async (clientId: string) => (await store.recordsOf(clientId)).map((record) => record.endpoint);

  it('one batch of two clients: each keeps its newest, the other’s records untouched', async () => {
    await store.add([1, 2, 3, 4, 5].map((n) => recordOf('acme', n)).concat([recordOf('globex', 1), recordOf('globex', 2)]));
    expect({ acme: await endpointsOf('acme'), globex: await endpointsOf('globex') }).toEqual({
      acme: ['/accounts/5', '/accounts/4', '/accounts/3'],
      globex: ['/accounts/2', '/accounts/1'],
    });
  });

  it('a later batch pushes out a client’s oldest; a record heard twice (two instances) is kept once', async () => {
    const late = recordOf('globex', 7);
    await store.add([late, recordOf('globex', 6)]);
    await store.add([late]);
    expect(await endpointsOf('globex')).toEqual(['/accounts/7', '/accounts/6', '/accounts/2']);
    expect(await prisma.consoleRecord.count()).toBe(6);
  });

  it('records of the same millisecond: the client still keeps exactly its newest, ordered by id', async () => {
    const sameInstant = [1, 2, 3, 4].map(() => recordOf('umbrella', 1));
    await store.add(sameInstant);
    const kept = sameInstant.map((record) => record.id).sort().reverse().slice(0, 3);
    expect((await store.recordsOf('umbrella')).map((record) => record.id)).toEqual(kept);
  });

  it('a record reads back whole, found by its interaction id, with its time kept to the millisecond', async () => {
    const recorded = consoleRecordOf(
      { service: 'authorization-server', clientId: 'initech', method: 'POST', url: '/token', status: 400, interactionId: 'c8d3a0f4-3f1e-4bde-9a55-1f0c2b7e6d10', error: 'invalid_client', description: 'the "assertion" is \\ odd',
        jwts: [{ label: 'client assertion', header: { alg: 'PS256' }, claims: { sub: 'initech', jti: 'ä🙂' } }] },
      new Date(Date.UTC(2026, 11, 6, 12, 0, 8, 123)),
    );
    await store.add([recorded, recordOf('initech', 9)]);
    expect(await store.recordsOf('initech', recorded.interactionId)).toEqual([recorded]);
    const [row] = await prisma.consoleRecord.findMany({ where: { id: recorded.id } });
    expect(row.at.toISOString()).toBe('2026-12-06T12:00:08.123Z');
  });

  it('every so many records stored, the store vacuums the table, so the records its trims deleted stop costing later trims', async () => {
    const vacuuming = new ConsoleStore(prisma, pool, 3, 8);
    const lastVacuum = async () => (await pool.query<{ at: Date | null }>(`SELECT last_vacuum AS at FROM pg_stat_user_tables WHERE relname = 'console_record'`)).rows[0].at;
    await vacuuming.add([1, 2, 3, 4, 5].map((n) => recordOf('hooli', n)));
    await vacuuming.settled();
    expect(await lastVacuum()).toBeNull();

    await vacuuming.add([6, 7, 8].map((n) => recordOf('hooli', n)));
    await vacuuming.settled();
    await eventually(async () => ((await lastVacuum()) ? true : undefined), 'the console table to have been vacuumed');
    expect(await endpointsOf('hooli')).toEqual(['/accounts/8', '/accounts/7', '/accounts/6']);
  });
});
