/**
 * `node bench/profile.mts [--seconds S] [--frequency HZ] [--processes N] [--parts N] -- <npm run bench arguments>`
 *
 * Runs benchmarks as `npm run bench` does, with every Node.js process of theirs (services, load generator, bare
 * oidc-provider) started with `--perf-basic-prof`, and records the whole machine with Linux perf (`perf record -a -g`)
 * for S seconds from the first measured round on. Then prints where the CPU went: each process's share of the machine,
 * and for the heaviest their parts (the packages of their JavaScript, the kernel, libuv's and V8's threads):
 * bench/harness/perf-attribution.mts. Measure before changing (issue 11): Node's `--cpu-prof` halves a server's rate
 * and shows one process; perf costs a few per cent and shows what the machine, PostgreSQL and NATS included, spends.
 *
 * Needs Linux perf (Debian: `apt-get install linux-perf`) and the right to record every CPU (root, or
 * kernel.perf_event_paranoid ≤ -1). The recorded rounds run slower than unprofiled ones: read the shares, not the rates.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { attribute, attributionReport } from './harness/perf-attribution.mts';
import { newestPerfMapEntries } from './harness/perf-maps.mts';

const USAGE = `usage: node bench/profile.mts [--seconds S] [--frequency HZ] [--processes N] [--parts N] -- <npm run bench arguments>

  --seconds    how long perf records, from the first measured round on (default 20)
  --frequency  samples per second per CPU (default 499)
  --processes  processes broken down into parts (default 6)
  --parts      parts shown per process (default 12)

example: node bench/profile.mts --seconds 20 -- --only ais-journeys --seconds 10 --rounds 2 --warmup 1 --no-build`;

/** The line the bench runner prints as it starts measuring: recording begins there, after set-up and warm-up. */
const FIRST_ROUND = /^\s+round 1:/;

/** Where Node.js writes a process's perf map (`--perf-basic-prof`): always /tmp. */
const perfMapOf = (pid: number) => `/tmp/perf-${pid}.map`;
/** The V8 log `--perf-basic-prof` also writes, in the process's working directory (the repository's, for ours). */
const V8_LOG = /^isolate-0x[0-9a-f]+-(\d+)-v8\.log$/;
const repoRoot = path.resolve(import.meta.dirname, '..');

/** Removes what the profiled processes wrote for perf: their perf maps and V8 logs. */
function removePerfFiles(profiled: ReadonlySet<number>): void {
  for (const pid of profiled) rmSync(perfMapOf(pid), { force: true });
  for (const file of readdirSync(repoRoot)) {
    const pid = V8_LOG.exec(file)?.[1];
    if (pid && profiled.has(Number(pid))) rmSync(path.join(repoRoot, file), { force: true });
  }
}

/** Rewrites a process's perf map with only the newest of overlapping entries (harness/perf-maps.mts). */
function nameSamplesAfterNewestCode(pid: number): void {
  const map = perfMapOf(pid);
  if (existsSync(map)) writeFileSync(map, newestPerfMapEntries(readFileSync(map, 'utf8')));
}

/** Who a process is, from its command line; `profiled`: one of the benchmarks' Node.js processes (it writes a perf map). */
function processOf(commandLine: string[]): { name: string; profiled: boolean } {
  const joined = commandLine.join(' ');
  const app = /apps\/([\w-]+)\/dist\/main\.js/.exec(joined)?.[1];
  if (app) return { name: app, profiled: true };
  if (joined.includes('bench/run.mts')) return { name: 'load generator', profiled: true };
  if (joined.includes('bare-oidc-provider/')) return { name: 'bare oidc-provider', profiled: true };
  // a PostgreSQL backend names itself "postgres: 15/main: <user> <database> ..." in one argument
  const program = path.basename((commandLine[0] ?? '').split(' ')[0]);
  return { name: program.startsWith('postgres') ? 'postgres' : program, profiled: false };
}

/** Names every process running now that `names` does not know yet (processes of a bench come and go). */
function nameRunningProcesses(names: Map<number, string>, profiled: Set<number>): void {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || names.has(pid)) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (commandLine.length === 0) continue;
      const found = processOf(commandLine);
      names.set(pid, found.name);
      if (found.profiled) profiled.add(pid);
    } catch {
      // it ended meanwhile
    }
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '20' },
      frequency: { type: 'string', default: '499' },
      processes: { type: 'string', default: '6' },
      parts: { type: 'string', default: '12' },
      help: { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number, not "${text}"`);
    return value;
  };
  return {
    help: values.help,
    seconds: whole('seconds', values.seconds),
    frequency: whole('frequency', values.frequency),
    processes: whole('processes', values.processes),
    parts: whole('parts', values.parts),
    benchArguments: positionals,
  };
}

async function main(): Promise<number> {
  let chosen: ReturnType<typeof options>;
  try {
    chosen = options();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { help, seconds, frequency, processes, parts, benchArguments } = chosen;
  if (help) {
    console.log(USAGE);
    return 0;
  }
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('Linux perf is not on this machine (Debian: apt-get install linux-perf)');
    return 1;
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'fapi-bench-profile-'));
  const perfData = path.join(workDir, 'perf.data');
  const withPerfMaps = (variable: string) => [process.env[variable], '--perf-basic-prof'].filter(Boolean).join(' ');
  const bench = spawn(process.execPath, ['--perf-basic-prof', path.join(import.meta.dirname, 'run.mts'), ...benchArguments], {
    env: {
      ...process.env,
      BENCH_SERVICE_NODE_OPTIONS: withPerfMaps('BENCH_SERVICE_NODE_OPTIONS'),
      BENCH_AS_NODE_OPTIONS: withPerfMaps('BENCH_AS_NODE_OPTIONS'),
      BENCH_BARE_NODE_OPTIONS: withPerfMaps('BENCH_BARE_NODE_OPTIONS'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const benchExit = exited(bench);
  // every process is named while it runs (the benchmarks' come and go): the samples' owners, and the perf files to remove
  const names = new Map<number, string>();
  const profiled = new Set<number>();
  const naming = setInterval(() => nameRunningProcesses(names, profiled), 1000);
  let recording: Promise<number> | undefined;
  try {
    for await (const line of createInterface({ input: bench.stdout })) {
      console.log(line);
      if (recording || !FIRST_ROUND.test(line)) continue;
      console.log(`  (perf records every CPU for ${seconds} s)`);
      nameRunningProcesses(names, profiled);
      const perf = spawn('perf', ['record', '-F', String(frequency), '-a', '-g', '-o', perfData, '--', 'sleep', String(seconds)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let perfErrors = '';
      perf.stderr.on('data', (chunk: Buffer) => (perfErrors += chunk.toString()));
      recording = exited(perf).finally(() => {
        if (!/Captured and wrote/.test(perfErrors)) console.error(`perf record failed:\n${perfErrors}`);
      });
    }
    const benchCode = await benchExit;
    if (!recording) {
      console.error('the benchmarks never began a measured round: nothing was recorded');
      return benchCode || 1;
    }
    await recording;
    for (const pid of profiled) nameSamplesAfterNewestCode(pid);
    const script = execFileSync('perf', ['script', '-i', perfData, '-F', 'comm,pid,tid,ip,sym,dso'], { maxBuffer: 2 ** 31 - 1, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    console.log(`\n## where the CPU went (perf, ${seconds} s from the first measured round)\n`);
    console.log(attributionReport(attribute(script, (pid) => names.get(pid)), { processes, parts }));
    return benchCode;
  } finally {
    clearInterval(naming);
    rmSync(workDir, { recursive: true, force: true });
    removePerfFiles(profiled);
  }
}

process.exitCode = await main();
