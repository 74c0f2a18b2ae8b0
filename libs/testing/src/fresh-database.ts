import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseOwner } from '@fapi/persistence';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * An empty database called `name` (dropped first if it exists) on the server DATABASE_URL names (default the local
 * one), at the schema of `owner`'s committed Prisma migrations: their generated SQL applied in order, as
 * `prisma migrate deploy` would, without its start-up cost. Returns its connection string.
 */
export async function freshDatabase(owner: DatabaseOwner, name: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  try {
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.query(`CREATE DATABASE "${name}"`);
  } finally {
    await adminClient.end();
  }

  url.pathname = `/${name}`;
  const migrations = path.join(repoRoot, 'libs', owner, 'prisma', 'migrations');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const migration of readdirSync(migrations).sort()) {
      const sql = path.join(migrations, migration, 'migration.sql');
      if (existsSync(sql)) await client.query(readFileSync(sql, 'utf8'));
    }
  } finally {
    await client.end();
  }
  return url.toString();
}

/** Drops a database made by freshDatabase (tests clean up after themselves). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
