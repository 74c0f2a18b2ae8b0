import { databaseUrl } from './database-url';

describe('each service keeps its data in its own database', () => {
  it('derives the database name from DATABASE_URL and the owner', () => {
    const env = { DATABASE_URL: 'postgresql://postgres@db.example:5432/sandbox?sslmode=disable' };
    expect(databaseUrl('bank', env)).toBe('postgresql://postgres@db.example:5432/sandbox_bank?sslmode=disable');
    expect(databaseUrl('consent', env)).toBe('postgresql://postgres@db.example:5432/sandbox_consent?sslmode=disable');
  });

  it('lets <OWNER>_DATABASE_URL name a database outright', () => {
    const env = { DATABASE_URL: 'postgresql://a/x', AUTHORIZATION_DATABASE_URL: 'postgresql://b/as_store' };
    expect(databaseUrl('authorization', env)).toBe('postgresql://b/as_store');
  });

  it('defaults to the local PostgreSQL server', () => {
    expect(databaseUrl('bank', {})).toBe('postgresql://postgres@127.0.0.1:5432/fapi_bank');
  });
});
