import pg from 'pg';
import { dropDatabase, freshDatabase } from '@fapi/testing';
import { isUniqueViolation, sqlStateOf } from './sql-state';

describe('the SQLSTATE of a database error, however it reached the bank (payments decide by it)', () => {
  let databaseUrl: string;
  let client: pg.Client;
  beforeAll(async () => {
    databaseUrl = await freshDatabase('bank', 'fapi_unit_bank_sql_state');
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it("reads node-postgres' DatabaseError: a second row under a unique key is 23505", async () => {
    await client.query('CREATE TEMPORARY TABLE once (id int PRIMARY KEY)');
    await client.query('INSERT INTO once VALUES (1)');
    const error = await client.query('INSERT INTO once VALUES (1)').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(pg.DatabaseError);
    expect([sqlStateOf(error), isUniqueViolation(error)]).toEqual(['23505', true]);
  });

  it("reads Prisma's errors: the adapter's code, directly or under meta.driverAdapterError", () => {
    const adapterError = Object.assign(new Error('adapter'), { cause: { originalCode: '23514' } });
    expect(sqlStateOf(adapterError)).toBe('23514');
    expect(sqlStateOf({ meta: { driverAdapterError: adapterError } })).toBe('23514');
  });

  it('finds none in an error that did not come from PostgreSQL', () => {
    expect([sqlStateOf(new Error('connection terminated')), sqlStateOf(undefined), isUniqueViolation({ code: '23505' })]).toEqual([undefined, undefined, false]);
  });
});
