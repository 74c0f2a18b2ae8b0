import { isUniqueViolation, sqlStateOf } from './sql-state';

// node-postgres' own DatabaseError, and Prisma's as it really arrives, are read from a real refusal in ledger.spec.ts.
describe('the SQLSTATE of a database error, however it reached the bank (payments decide by it)', () => {
  it("reads Prisma's errors: the adapter's code, directly or under meta.driverAdapterError", () => {
    const adapterError = Object.assign(new Error('adapter'), { cause: { originalCode: '23514' } });
    expect(sqlStateOf(adapterError)).toBe('23514');
    expect(sqlStateOf({ meta: { driverAdapterError: adapterError } })).toBe('23514');
  });

  it('finds none in an error that did not come from PostgreSQL', () => {
    expect([sqlStateOf(new Error('connection terminated')), sqlStateOf(undefined), isUniqueViolation({ code: '23505' })]).toEqual([undefined, undefined, false]);
  });
});
