// How long `npm run db:migrate` takes: on fresh databases (every migration applied by Prisma) and again with nothing
// to apply. Prints figures; asserts nothing. Run after `npm run build`:
//   node bench/db-migrate.mjs [runs]        (DATABASE_URL names the server, default the local one)
// It creates and drops databases named <base>_bench_migrate_<owner>.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrateJs = path.join(repoRoot, 'libs/persistence/dist/cli/migrate.js');
const owners = ['authorization', 'consent', 'bank'];
const runs = Number(process.argv[2] ?? 3);

const base = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/fapi');
base.pathname = `${base.pathname.replace(/^\//, '') || 'fapi'}_bench_migrate`;

async function dropDatabases() {
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const owner of owners) await client.query(`DROP DATABASE IF EXISTS "${base.pathname.slice(1)}_${owner}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function timedMigrate() {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [migrateJs], { env: { ...process.env, DATABASE_URL: base.toString() }, stdio: 'pipe' });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fresh = [];
const upToDate = [];
for (let run = 0; run < runs; run++) {
  await dropDatabases();
  fresh.push(timedMigrate());
  upToDate.push(timedMigrate());
}
await dropDatabases();
const seconds = (values) => values.map((value) => value.toFixed(2)).join(', ');
console.log(`db:migrate, ${owners.length} databases, ${runs} runs`);
console.log(`  fresh databases (all migrations applied): median ${median(fresh).toFixed(2)} s  [${seconds(fresh)}]`);
console.log(`  nothing to apply:                         median ${median(upToDate).toFixed(2)} s  [${seconds(upToDate)}]`);
