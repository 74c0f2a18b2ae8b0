import path from 'node:path';
import pg from 'pg';
import type { DatabaseOwner } from './database-url';
import { pendingMigrations } from './migration-history';

const repoRoot = path.resolve(__dirname, '../../..');

/** What an operator runs to create and migrate every service's database. */
const MIGRATE = 'run npm run db:migrate (or npm start)';

/** PostgreSQL's SQLSTATE for a database that does not exist. */
const INVALID_CATALOG_NAME = '3D000';

/** Socket errors that mean nothing answers at the server's address. */
const NO_SERVER = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Why a service cannot use its database, in one line naming the database and what to do. */
export class DatabaseNotReady extends Error {
  override readonly name = 'DatabaseNotReady';
}

/**
 * Resolves when `owner`'s database exists and `_prisma_migrations` records every migration of
 * `libs/<owner>/prisma/migrations` as applied; otherwise throws DatabaseNotReady in one line, e.g.
 * `database fapi_bank at 127.0.0.1:5432 does not exist: run npm run db:migrate (or npm start)`. Services check this
 * before they start, because the same fault met by their first query surfaces as a long Prisma error that names neither.
 */
export async function assertDatabaseReady(owner: DatabaseOwner, databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const server = `${url.hostname}:${url.port || 5432}`;
  const database = `database ${decodeURIComponent(url.pathname.slice(1))} at ${server}`;
  let pending: string[] | undefined;
  try {
    pending = await pendingMigrations(path.join(repoRoot, 'libs', owner, 'prisma', 'migrations'), databaseUrl);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === INVALID_CATALOG_NAME) throw new DatabaseNotReady(`${database} does not exist: ${MIGRATE}`);
    if (code && NO_SERVER.has(code)) {
      throw new DatabaseNotReady(`PostgreSQL at ${server} does not answer (${code}): start it (bash infra/scripts/ensure-local-services.sh) or set DATABASE_URL`);
    }
    throw new DatabaseNotReady(`${database}: ${message ?? String(error)}`);
  }
  if (pending === undefined) throw new DatabaseNotReady(`${database} is not migrated: ${MIGRATE}`);
  if (pending.length > 0) throw new DatabaseNotReady(`${database} lacks ${pending.length} migration(s) (${pending.join(', ')}): ${MIGRATE}`);
}
