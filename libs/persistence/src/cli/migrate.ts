/**
 * `npm run db:migrate`: creates each service's database when missing and applies its Prisma migrations
 * (safe to run again: `prisma migrate deploy` applies only what is new).
 * `npm run db:new-migration -- <owner> <name>`: writes the SQL that takes the committed schema (git HEAD) to the
 * working-tree schema as `libs/<owner>/prisma/migrations/<timestamp>_<name>/migration.sql`. It diffs two datamodels
 * because Prisma refuses live-database and shadow-database diffs when it runs through a driver adapter.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DATABASE_OWNERS, databaseUrl, type DatabaseOwner } from '../database-url';

const repoRoot = path.resolve(__dirname, '../../../..');
const prismaBin = path.join(repoRoot, 'node_modules', '.bin', 'prisma');

const prismaDir = (owner: DatabaseOwner) => path.join(repoRoot, 'libs', owner, 'prisma');

async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function prisma(owner: DatabaseOwner, args: string[], capture = false): string {
  const output = execFileSync(prismaBin, [...args, '--config', path.join(prismaDir(owner), 'prisma.config.ts')], {
    cwd: prismaDir(owner),
    env: { ...process.env, [`${owner.toUpperCase()}_DATABASE_URL`]: databaseUrl(owner) },
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
  });
  return capture ? output.toString() : '';
}

async function migrate(owner: DatabaseOwner): Promise<void> {
  await ensureDatabase(databaseUrl(owner));
  console.log(`migrating ${owner} (${new URL(databaseUrl(owner)).pathname.slice(1)})`);
  prisma(owner, ['migrate', 'deploy']);
}

function committedSchema(schema: string): string | undefined {
  try {
    return execFileSync('git', ['show', `HEAD:${path.relative(repoRoot, schema)}`], { cwd: repoRoot, stdio: 'pipe' }).toString();
  } catch {
    return undefined; // not committed yet: the first migration starts from an empty database
  }
}

async function newMigration(owner: DatabaseOwner, name: string): Promise<void> {
  await ensureDatabase(databaseUrl(owner));
  const schema = path.join(prismaDir(owner), 'schema.prisma');
  const previous = committedSchema(schema);
  const previousFile = path.join(mkdtempSync(path.join(tmpdir(), 'schema-')), 'schema.prisma');
  if (previous) writeFileSync(previousFile, previous);
  const from = previous ? ['--from-schema-datamodel', previousFile] : ['--from-empty'];
  const sql = prisma(owner, ['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], true);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(prismaDir(owner), 'migrations', `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  writeFileSync(path.join(prismaDir(owner), 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
  console.log(`wrote ${path.relative(repoRoot, dir)}/migration.sql`);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'new') {
    const [, owner, name] = argv;
    if (!DATABASE_OWNERS.includes(owner as DatabaseOwner) || !name) throw new Error(`usage: new <${DATABASE_OWNERS.join('|')}> <name>`);
    return newMigration(owner as DatabaseOwner, name);
  }
  for (const owner of DATABASE_OWNERS) if (existsSync(prismaDir(owner))) await migrate(owner);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
