/**
 * `npm run db:migrate`: creates each service's database when missing and applies its Prisma migrations
 * (safe to run again: `prisma migrate deploy` applies only what is new). Prisma is not started at all when
 * `_prisma_migrations` already records every migration as applied: besides its own start (~1.5 s), its WebAssembly
 * schema engine holds the process open for 10 s after every deploy (its bindings import setTimeout but not
 * clearTimeout, so the 10 s timeout it sets around its advisory lock, `pg_advisory_lock(72707369)`, can never be
 * cancelled). The databases of the services are migrated side by side.
 * `npm run db:new-migration -- <owner> <name>`: writes the SQL that takes the committed schema (git HEAD) to the
 * working-tree schema as `libs/<owner>/prisma/migrations/<timestamp>_<name>/migration.sql`. It diffs two datamodels
 * because Prisma refuses live-database and shadow-database diffs when it runs through a driver adapter.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DATABASE_OWNERS, databaseUrl, type DatabaseOwner } from '../database-url';
import { withMaintenanceConnection } from '../maintenance-connection';
import { pendingMigrations } from '../migration-history';

const repoRoot = path.resolve(__dirname, '../../../..');
const prismaBin = path.join(repoRoot, 'node_modules', '.bin', 'prisma');

const prismaDir = (owner: DatabaseOwner) => path.join(repoRoot, 'libs', owner, 'prisma');

async function ensureDatabase(url: string): Promise<void> {
  await withMaintenanceConnection(url, async (client, name) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  });
}

function prismaArgs(owner: DatabaseOwner, args: string[]) {
  return {
    args: [...args, '--config', path.join(prismaDir(owner), 'prisma.config.ts')],
    options: { cwd: prismaDir(owner), env: { ...process.env, [`${owner.toUpperCase()}_DATABASE_URL`]: databaseUrl(owner) } },
  };
}

function prismaOutput(owner: DatabaseOwner, args: string[]): string {
  const command = prismaArgs(owner, args);
  return execFileSync(prismaBin, command.args, { ...command.options, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
}

/** Brings one database up to date; returns what it printed, so that databases migrated side by side do not interleave. */
async function migrate(owner: DatabaseOwner): Promise<string> {
  const url = databaseUrl(owner);
  await ensureDatabase(url);
  const title = `${owner} (${decodeURIComponent(new URL(url).pathname.slice(1))})`;
  if ((await pendingMigrations(path.join(prismaDir(owner), 'migrations'), url))?.length === 0) return `${title}: up to date`;
  const command = prismaArgs(owner, ['migrate', 'deploy']);
  try {
    const { stdout, stderr } = await promisify(execFile)(prismaBin, command.args, command.options);
    return `${title}:\n${stderr}${stdout}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${title}: prisma migrate deploy failed\n${stdout}${stderr}`);
  }
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
  const sql = prismaOutput(owner, ['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script']);
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
  const owners = DATABASE_OWNERS.filter((owner) => existsSync(prismaDir(owner)));
  const results = await Promise.allSettled(owners.map(migrate));
  for (const result of results) if (result.status === 'fulfilled') console.log(result.value);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : []));
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
