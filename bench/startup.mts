/**
 * Time from `npm start` to "Sandbox ready": one cold start (`--reset`: new certificates, initdb, every migration,
 * onboarding) and BENCH_RUNS warm starts (everything kept), each stopped with SIGINT. Prints the figures and each
 * stage's time; asserts nothing. Uses the embedded PostgreSQL and a nats-server of its own (DATABASE_URL and NATS_URL
 * are left out), in a temporary home, on BENCH_PORT_BASE (default 29443, away from a sandbox on 8443).
 *
 *   npm run build && node bench/startup.mts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const start = path.join(repoRoot, 'libs/launcher/dist/cli/start.js');
const portBase = process.env.BENCH_PORT_BASE ?? '29443';
const warmRuns = Number(process.env.BENCH_RUNS ?? 3);

interface StartFigures {
  readyMs: number;
  stages: string[];
  stopMs: number;
}

/** One `npm start` until ready, then Ctrl-C until it has exited. */
function startOnce(home: string, extraArgs: string[]): Promise<StartFigures> {
  const { DATABASE_URL: _db, NATS_URL: _nats, ...env } = process.env;
  const began = performance.now();
  const launcher = spawn(process.execPath, [start, '--home', home, '--port-base', portBase, ...extraArgs], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    let readyMs: number | undefined;
    let stopAsked = 0;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyMs === undefined && output.includes('Sandbox ready in')) {
        readyMs = performance.now() - began;
        stopAsked = performance.now();
        launcher.kill('SIGINT');
      }
    };
    launcher.stdout.on('data', read);
    launcher.stderr.on('data', read);
    launcher.once('exit', (code) => {
      if (readyMs === undefined || code !== 0) return reject(new Error(`npm start exited with ${code}:\n${output}`));
      const stages = output.split('\n').filter((line) => line.startsWith('✓ '));
      resolve({ readyMs, stages, stopMs: performance.now() - stopAsked });
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function report(label: string, figures: StartFigures): void {
  console.log(`${label}: ready after ${seconds(figures.readyMs)}, stopped ${seconds(figures.stopMs)} after Ctrl-C`);
  for (const stage of figures.stages) console.log(`    ${stage}`);
}

const home = mkdtempSync(path.join(tmpdir(), 'fapi-bench-startup-'));
try {
  report('cold start (--reset)', await startOnce(home, ['--reset']));
  const warm: number[] = [];
  for (let run = 1; run <= warmRuns; run++) {
    const figures = await startOnce(home, []);
    report(`warm start ${run}`, figures);
    warm.push(figures.readyMs);
  }
  warm.sort((a, b) => a - b);
  console.log(`warm starts: min ${seconds(warm[0])}, median ${seconds(warm[Math.floor(warm.length / 2)])}, max ${seconds(warm.at(-1) as number)} (${warm.length} runs)`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
