import { Logger } from '@nestjs/common';
import type { PrismaPg } from '@prisma/adapter-pg';
import { dropDatabase, freshDatabase, Teardown, terminateConnections } from '@fapi/testing';
import { LOST_CONNECTION_QUIET_MS, reportLostConnections } from './lost-connections';
import { createPrismaClient } from './prisma-client';

/** Stands in for a generated Prisma client: keeps the adapter createPrismaClient gives it, whose pool the engine queries. */
class AdapterOnly {
  constructor(readonly options: { adapter: PrismaPg }) {}
}

const selectOne = { sql: 'SELECT 1 AS one', args: [], argTypes: [] };

describe('every service survives a lost PostgreSQL connection (failover, restart, pg_terminate_backend: 57P01)', () => {
  const teardown = new Teardown();
  let databaseUrl: string;
  let warnings: string[];
  beforeAll(async () => {
    databaseUrl = teardown.add(await freshDatabase('bank', 'fapi_unit_persistence_lost'), dropDatabase);
  }, 60_000);
  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => teardown.run());

  it('the pooled connections of a Prisma client are terminated: no crash, the loss is logged once, the next query works', async () => {
    const driver = await createPrismaClient(AdapterOnly, databaseUrl).options.adapter.connect();
    teardown.add(driver, (driver) => driver.dispose());
    // three connections in the pool, all idle
    await Promise.all([driver.queryRaw(selectOne), driver.queryRaw(selectOne), driver.queryRaw(selectOne)]);

    await expect(terminateConnections(databaseUrl)).resolves.toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the server's 57P01 reaches the idle connections

    await expect(driver.queryRaw(selectOne)).resolves.toMatchObject({ rows: [[1]] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^database connection lost \(57P01: terminating connection due to administrator command\)/);
  });

  it('a transaction’s connection is terminated: that transaction fails, no crash, the next query works', async () => {
    const driver = await createPrismaClient(AdapterOnly, databaseUrl).options.adapter.connect();
    teardown.add(driver, (driver) => driver.dispose());
    const transaction = await driver.startTransaction();
    await transaction.queryRaw(selectOne);

    await terminateConnections(databaseUrl);
    await new Promise((resolve) => setTimeout(resolve, 200));

    await expect(transaction.queryRaw(selectOne)).rejects.toThrow();
    await transaction.rollback();
    await expect(driver.queryRaw(selectOne)).resolves.toMatchObject({ rows: [[1]] });
    expect(warnings[0]).toMatch(/^database connection lost \(57P01/);
  });

  it('a transaction’s connection is terminated before COMMIT: the COMMIT fails and the connection still goes back to the pool (none stays checked out, so the pool can end)', async () => {
    const driver = await createPrismaClient(AdapterOnly, databaseUrl).options.adapter.connect();
    const pool = driver.underlyingDriver();
    const transaction = await driver.startTransaction();
    await transaction.queryRaw(selectOne);

    await terminateConnections(databaseUrl);
    await new Promise((resolve) => setTimeout(resolve, 200));

    // what Prisma's transaction manager does: the COMMIT as a query, and commit() (the release) only if it succeeded
    await expect(transaction.executeRaw({ sql: 'COMMIT', args: [], argTypes: [] })).rejects.toThrow();
    expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 0, idle: 0 });
    await driver.dispose();
  });

  it('a burst of losses is one report; the next burst after the quiet time says how many more were lost', () => {
    let now = 0;
    const report = reportLostConnections('Database', () => now);
    for (let i = 0; i < 10; i++) report(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(warnings).toHaveLength(1);
    now += LOST_CONNECTION_QUIET_MS;
    report(new Error('Connection terminated unexpectedly'));
    expect(warnings).toEqual([
      'database connection lost (57P01: terminating connection due to administrator command), a new one is opened for the next query',
      'database connection lost (Connection terminated unexpectedly), a new one is opened for the next query; 9 more lost since the last report',
    ]);
  });
});
