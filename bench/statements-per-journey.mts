/**
 * `DATABASE_URL=... NATS_URL=... node bench/statements-per-journey.mts [journeys]` (after `npm run build`)
 *
 * How many PostgreSQL statements each service runs per full AIS journey, by statement (and by oidc-provider model
 * kind): the journeys of the ais-journeys benchmark, one at a time, against a bench sandbox whose services count their
 * node-postgres statements (harness/count-statements.cjs). Also prints PostgreSQL's CPU per journey (every postgres
 * process on this machine, so on an otherwise idle one). What the fifth and sixth sessions chose their changes by
 * (bench/README.md).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { journey } from './ais-journeys.bench.mts';
import { machineCpuMsOf } from './harness/process-cpu.mts';
import { startBenchSandbox } from './harness/sandbox.mts';

const journeys = Number(process.argv[2] ?? 40);
const { DATABASE_URL: databaseUrl, NATS_URL: natsUrl } = process.env;
if (!databaseUrl || !natsUrl || !Number.isInteger(journeys) || journeys < 1) {
  console.error('usage: DATABASE_URL=postgresql://... NATS_URL=nats://... node bench/statements-per-journey.mts [journeys, default 40]');
  process.exit(2);
}

const workDir = mkdtempSync(path.join(tmpdir(), 'fapi-statements-'));
const countDir = path.join(workDir, 'counts');
mkdirSync(countDir);
process.env.STATEMENT_COUNT_DIR = countDir;
process.env.BENCH_SERVICE_NODE_OPTIONS = `--require ${path.resolve(import.meta.dirname, 'harness/count-statements.cjs')}`;

/** Tells every service to write what it counted since the last command and start again; waits until they have. */
async function cut(name: string): Promise<void> {
  writeFileSync(path.join(countDir, 'command'), name);
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

const sandbox = await startBenchSandbox('statements', { portBase: 39400, databaseUrl, natsUrl, workDir });
try {
  const tpp = await sandbox.onboardTpp('Statements Fintech');
  for (let turn = 0; turn < 5; turn++) await journey(tpp, turn); // warm-up, not counted
  await cut('warm-up');
  const postgresBefore = machineCpuMsOf('postgres');
  for (let turn = 0; turn < journeys; turn++) {
    if (!(await journey(tpp, turn))) throw new Error(`journey ${turn} failed`);
  }
  const postgresMs = machineCpuMsOf('postgres') - postgresBefore;
  await cut('counted');
  console.log(`${journeys} AIS journeys, one at a time; PostgreSQL's CPU ${(postgresMs / journeys).toFixed(2)} ms per journey`);
  for (const file of readdirSync(countDir).filter((name) => name.endsWith('-counted.json'))) {
    const { service, counts } = JSON.parse(readFileSync(path.join(countDir, file), 'utf8')) as { service: string; counts: Record<string, number> };
    const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((sum, [, count]) => sum + count, 0);
    if (total === 0) continue; // a service these journeys do not use (the sample fintech)
    console.log(`\n${service}: ${(total / journeys).toFixed(2)} statements per journey`);
    for (const [statement, count] of rows) console.log(`${(count / journeys).toFixed(2).padStart(8)}  ${statement}`);
  }
} finally {
  await sandbox.stop();
  rmSync(workDir, { recursive: true, force: true });
}
