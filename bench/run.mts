/**
 * `npm run bench [-- --only NAME ...] [--seconds S] [--rounds R] [--warmup S] [--port-base N] [--no-build] [--json FILE]`
 *
 * Builds what is stale (Nx cache, as `npm start` does), provides PostgreSQL and NATS (DATABASE_URL / NATS_URL when set,
 * else the launcher's own: a container, or the embedded PostgreSQL and a nats-server), then runs every benchmark
 * `bench/*.bench.mts` (or those named by --only): set up, each variant warmed up, `--rounds` interleaved rounds of
 * `--seconds` windows, torn down. Prints the machine, a table per benchmark and its comparisons with their targets.
 * Asserts nothing: the numbers are for people (bench/README.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chooseNats, choosePostgres, machineSurroundings, provideNats, providePostgres, type RunningBackingService } from '@fapi/launcher';
import type { Bench, PreparedBench } from './harness/contract.mts';
import { benchTable, comparisonLines, machineLine } from './harness/report.mts';
import { measureInRounds } from './harness/rounds.mts';
import { compare, summarise } from './harness/statistics.mts';

const USAGE = `usage: npm run bench [-- --only NAME ...] [--seconds S] [--rounds R] [--warmup S] [--port-base N] [--no-build] [--json FILE]

  --only       run this benchmark only (repeatable); default every bench/*.bench.mts
  --seconds    length of each measured window (default 5)
  --rounds     interleaved rounds per variant (default 5)
  --warmup     warm-up window per variant before the rounds (default 20: V8 is still compiling the services'
               hot paths for tens of seconds after they start; 0 for none)
  --port-base  first port; benchmark i (in file-name order) owns the 100 ports from port-base + 100 i (default 29400)
  --no-build   skip the build (when you have just run npm run build)
  --json       also write every window and summary to FILE`;

const benchDir = import.meta.dirname;
const repoRoot = path.resolve(benchDir, '..');

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true, default: [] },
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '20' },
      'port-base': { type: 'string', default: process.env.BENCH_PORT_BASE ?? '29400' },
      'no-build': { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, text: string, allowZero = false) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not "${text}"`);
    return value;
  };
  return {
    help: values.help,
    only: values.only,
    seconds: positive('seconds', values.seconds),
    rounds: Math.round(positive('rounds', values.rounds)),
    warmupSeconds: positive('warmup', values.warmup, true),
    portBase: Math.round(positive('port-base', values['port-base'])),
    build: !values['no-build'],
    json: values.json,
  };
}

async function discoverBenches(): Promise<Bench[]> {
  const files = readdirSync(benchDir).filter((file) => file.endsWith('.bench.mts')).sort();
  const benches: Bench[] = [];
  for (const file of files) {
    const bench = (await import(path.join(benchDir, file))).default as Bench | undefined;
    if (!bench?.name || typeof bench.setUp !== 'function') throw new Error(`bench/${file} must default-export a Bench (bench/harness/contract.mts)`);
    benches.push(bench);
  }
  return benches;
}

function build(): void {
  process.stdout.write('build (Nx, cached) ... ');
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'pipe',
    });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    console.error(`failed\n${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    process.exit(1);
  }
  console.log('done');
}

const options = parseOptions();
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const all = await discoverBenches();
const unknown = options.only.filter((name) => !all.some((bench) => bench.name === name));
if (unknown.length > 0) {
  console.error(`npm run bench: no benchmark named ${unknown.join(', ')}; there are ${all.map((bench) => bench.name).join(', ')}`);
  process.exit(2);
}
if (options.build) build();

const runDir = mkdtempSync(path.join(tmpdir(), 'fapi-bench-'));
const backing: RunningBackingService[] = [];
let current: PreparedBench | undefined;
const cleanUp = async () => {
  await current?.tearDown().catch((error: unknown) => console.error(`tear-down failed: ${String(error)}`));
  current = undefined;
  for (const service of backing.splice(0).reverse()) await service.stop().catch(() => undefined);
  rmSync(runDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const results: unknown[] = [];
try {
  const surroundings = machineSurroundings();
  const provided = { home: path.join(runDir, 'backing'), logsDir: runDir, ownProcessGroup: true };
  const postgres = await providePostgres(await choosePostgres(surroundings), provided);
  backing.push(postgres);
  const nats = await provideNats(await chooseNats(surroundings), provided);
  backing.push(nats);
  console.log(machineLine());
  console.log(`PostgreSQL: ${postgres.description}; NATS: ${nats.description}`);
  console.log(`windows of ${options.seconds} s, ${options.rounds} interleaved rounds, warm-up ${options.warmupSeconds} s per variant\n`);

  for (const [index, bench] of all.entries()) {
    if (options.only.length > 0 && !options.only.includes(bench.name)) continue;
    console.log(`## ${bench.name}: ${bench.title}`);
    const workDir = mkdtempSync(path.join(runDir, `${bench.name}-`));
    current = await bench.setUp({ portBase: options.portBase + 100 * index, databaseUrl: postgres.url, natsUrl: nats.url, workDir });
    const prepared = current;
    const windows = await measureInRounds(prepared.variants, {
      ...options,
      onWindow: ({ variant, round }) => process.stdout.write(`  ${round === 'warm-up' ? 'warm-up' : `round ${round}`}: ${variant}\n`),
    });
    await prepared.tearDown();
    current = undefined;
    const summaries = prepared.variants.map((variant) => summarise(variant.name, windows.get(variant.name) ?? []));
    const comparisons = (prepared.comparisons ?? []).map((comparison) => compare(summaries, comparison));
    console.log(`\n${benchTable(summaries)}`);
    if (comparisons.length > 0) console.log(`\n${comparisonLines(comparisons)}`);
    console.log('');
    // every window's figures, without its thousands of latencies (their percentiles are in the summaries)
    const windowFigures = [...windows].map(([variant, measured]) => [variant, measured.map(({ latenciesMs: _latencies, ...figures }) => figures)]);
    results.push({ bench: bench.name, title: bench.title, summaries, comparisons, windows: Object.fromEntries(windowFigures) });
  }
  if (options.json) writeFileSync(options.json, JSON.stringify({ machine: machineLine(), options, results }, null, 2));
} finally {
  await cleanUp();
}
