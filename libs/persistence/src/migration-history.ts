import { readdirSync } from 'node:fs';
import pg from 'pg';

/** PostgreSQL's SQLSTATE for a table that does not exist: no migration has ever been applied. */
const UNDEFINED_TABLE = '42P01';

/**
 * The migrations of a Prisma migrations folder that the database's `_prisma_migrations` does not record as applied,
 * or undefined when Prisma must look itself: no history yet, or a migration that started and neither finished nor was
 * rolled back (`migrate deploy` reports it, P3009). Only Prisma writes the history; reading it lets `db:migrate` skip
 * starting Prisma when there is nothing to apply (see cli/migrate.ts for why that start is slow).
 */
export async function pendingMigrations(migrationsFolder: string, databaseUrl: string): Promise<string[] | undefined> {
  const local = readdirSync(migrationsFolder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
      'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations',
    );
    if (rows.some((row) => !row.finished && !row.rolled_back)) return undefined;
    const applied = new Set(rows.filter((row) => row.finished && !row.rolled_back).map((row) => row.migration_name));
    return local.filter((name) => !applied.has(name));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return undefined;
    throw error;
  } finally {
    await client.end();
  }
}
