/**
 * `startup`: time from `npm start` to "Sandbox ready", warm (certificates, database cluster, JetStream store and the
 * onboarded fintech kept from a first, cold start with --reset made at set-up), each start stopped with Ctrl-C
 * (SIGINT) before the next. Like a first-time user's `npm start`, it runs its own embedded PostgreSQL and nats-server
 * (DATABASE_URL and NATS_URL are left out), in a home of its own in the system's temporary directory (run as root, the
 * embedded PostgreSQL runs as an unprivileged user, who cannot reach into the runner's private work directory), on its
 * port base.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bench, Measurement } from './harness/contract.mts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const start = path.join(repoRoot, 'libs/launcher/dist/cli/start.js');

interface StartFigures {
  readyMs: number;
  stopMs: number;
  /** The launcher's stage lines (`✓ stage  time  outcome`). */
  stages: string[];
}

/** One `npm start` until ready, then Ctrl-C until it has exited. */
function startOnce(home: string, portBase: number, extraArgs: string[]): Promise<StartFigures> {
  const { DATABASE_URL: _db, NATS_URL: _nats, ...env } = process.env;
  const began = performance.now();
  const launcher = spawn(process.execPath, [start, '--home', home, '--port-base', String(portBase), ...extraArgs], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      resolve({ readyMs, stopMs: performance.now() - stopAsked, stages: output.split('\n').filter((line) => line.startsWith('✓ ')) });
    });
  });
}

const bench: Bench = {
  name: 'startup',
  title: '`npm start` to "Sandbox ready", warm (its own embedded PostgreSQL and nats-server); each window at least one start',
  async setUp({ portBase }) {
    const home = mkdtempSync(path.join(tmpdir(), 'fapi-bench-startup-'));
    const cold = await startOnce(home, portBase, ['--reset']);
    console.log(`  cold start (--reset) at set-up: ready after ${(cold.readyMs / 1000).toFixed(1)} s\n${cold.stages.map((stage) => `    ${stage}`).join('\n')}`);
    return {
      variants: [
        {
          name: 'npm start (warm)',
          async measure(seconds): Promise<Measurement> {
            const began = performance.now();
            const starts: StartFigures[] = [];
            do starts.push(await startOnce(home, portBase, []));
            while (performance.now() - began < seconds * 1000);
            const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
            return {
              operations: starts.length,
              failures: 0,
              seconds: (performance.now() - began) / 1000,
              latenciesMs: starts.map((figures) => figures.readyMs),
              figures: { 'ready s': median(starts.map((figures) => figures.readyMs)) / 1000, 'stop s': median(starts.map((figures) => figures.stopMs)) / 1000 },
            };
          },
        },
      ],
      tearDown: async () => rmSync(home, { recursive: true, force: true }),
    };
  },
};

export default bench;
