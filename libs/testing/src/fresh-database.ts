import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseOwner, withMaintenanceConnection } from '@fapi/persistence';

const repoRoot = path.resolve(__dirname, '../../..');

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * `name` made unique to this run: test runs on one server (two developers, CI jobs, parallel jest workers) must not
 * drop each other's databases, so the process id and random bytes are appended, the name cut to fit PostgreSQL's limit.
 */
function uniqueDatabaseName(name: string): string {
  const suffix = `_${process.pid}_${randomBytes(4).toString('hex')}`;
  return name.slice(0, MAX_IDENTIFIER_BYTES - suffix.length) + suffix;
}

/**
 * A new empty database named after `baseName` (made unique to this run, see uniqueDatabaseName) on the server
 * DATABASE_URL names (default the local one), at the schema of `owner`'s committed Prisma migrations: their generated
 * SQL applied in order, as `prisma migrate deploy` would, without its start-up cost. Returns its connection string;
 * the caller drops it with dropDatabase when done.
 */
export async function freshDatabase(owner: DatabaseOwner, baseName: string): Promise<string> {
  const name = uniqueDatabaseName(baseName);
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  await withMaintenanceConnection(url.toString(), (client) => client.query(`CREATE DATABASE "${name}"`));

  url.pathname = `/${name}`;
  try {
    await migrate(owner, url.toString());
  } catch (error) {
    await dropDatabase(url.toString());
    throw error;
  }
  return url.toString();
}

async function migrate(owner: DatabaseOwner, databaseUrl: string): Promise<void> {
  const migrations = path.join(repoRoot, 'libs', owner, 'prisma', 'migrations');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const migration of readdirSync(migrations).sort()) {
      const sql = path.join(migrations, migration, 'migration.sql');
      if (existsSync(sql)) await client.query(readFileSync(sql, 'utf8'));
    }
  } finally {
    await client.end();
  }
}

/** Drops a database made by freshDatabase (tests clean up after themselves). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await withMaintenanceConnection(databaseUrl, (client, name) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
