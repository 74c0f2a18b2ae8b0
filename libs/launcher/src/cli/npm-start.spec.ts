import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser } from '@fapi/testing';

const repoRoot = path.resolve(__dirname, '../../../..');
const START = path.join(repoRoot, 'libs/launcher/dist/cli/start.js');

/** A process as /proc shows it: its parent, and when it started (a reused pid is another process). */
function processTable(): Map<number, { ppid: number; startTime: string }> {
  const table = new Map<number, { ppid: number; startTime: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": state, ppid, ...
      table.set(Number(entry), { ppid: Number(fields[1]), startTime: fields[19] });
    } catch {
      // ended while we looked
    }
  }
  return table;
}

/** Every process descending from `root` now (children, their children, ...), with its start time. */
function descendantsOf(root: number): Map<number, string> {
  const table = processTable();
  const found = new Map<number, string>();
  let frontier = [root];
  while (frontier.length) {
    const parents = new Set(frontier);
    frontier = [...table].filter(([pid, { ppid }]) => parents.has(ppid) && !found.has(pid)).map(([pid]) => pid);
    for (const pid of frontier) found.set(pid, table.get(pid)?.startTime as string);
  }
  return found;
}

const stillRunning = (processes: Map<number, string>) => {
  const table = processTable();
  return [...processes].filter(([pid, startTime]) => table.get(pid)?.startTime === startTime).map(([pid]) => pid);
};

async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port base whose four ports (AS, bank, fintech, consent-service health) are free now. */
async function freePortBase(): Promise<number> {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const free = await Promise.all([0, 1, 2, 3].map((offset) => portFree(base + offset)));
    if (free.every(Boolean)) return base;
  }
}

/** Resolves with the launcher's output once it prints `line`; fails when it exits first. */
function outputUntil(launcher: ChildProcess, line: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (line.test(output)) resolve(output);
    };
    launcher.stdout?.on('data', read);
    launcher.stderr?.on('data', read);
    launcher.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)));
  });
}

const exitOf = (launcher: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (launcher.exitCode !== null) resolve(launcher.exitCode);
    else launcher.once('exit', (code) => resolve(code));
  });

describe('npm start', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'fapi-npm-start-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts the sandbox from an empty home, a customer shares accounts with the fintech, and Ctrl-C leaves no process behind', async () => {
    const portBase = await freePortBase();
    const { DATABASE_URL: _db, NATS_URL: _nats, NODE_OPTIONS: _jest, ...inherited } = process.env;
    const launcher = spawn(process.execPath, [START, '--home', home, '--port-base', String(portBase), '--no-build'], {
      cwd: repoRoot,
      // no URLs and no Docker engine: the embedded PostgreSQL and a nats-server of its own
      env: { ...inherited, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let started = new Map<number, string>();
    try {
      const output = await outputUntil(launcher, /Sandbox ready in/);
      expect(output).toMatch(/✓ PostgreSQL +embedded PostgreSQL/);
      expect(output).toMatch(/✓ NATS +nats-server/);
      expect(output).toMatch(/✓ sample fintech +onboarded/);
      expect(output).toContain(`sample fintech        https://localhost:${portBase + 2}`);
      expect(output).toMatch(/mia +mia-sandbox-pass +Everyday, Rainy day savings/);
      started = descendantsOf(launcher.pid as number);
      expect(started.size).toBeGreaterThanOrEqual(6); // 4 services, nats-server, PostgreSQL (and its workers)

      const psu = new Browser(readFileSync(path.join(home, 'certs', 'ca.pem'), 'utf8'));
      try {
        const fintech = `https://localhost:${portBase + 2}`;
        const loginPage = await psu.submit(await psu.open(`${fintech}/`), 'form[action="/connect"]');
        const consentPage = await psu.submit(loginPage, 'form[action$="/login"]', { username: 'mia', password: 'mia-sandbox-pass' });
        const accountIds = consentPage.$('input[name=accountIds]').map((_, input) => consentPage.$(input).attr('value') as string).get();
        expect(accountIds.sort()).toEqual(['acc-mia-everyday', 'acc-mia-savings']);
        const accountsPage = await psu.submit(consentPage, 'form[action$="/consent"]', { accountIds }, '[value=approve]');
        expect(accountsPage.url).toBe(`${fintech}/accounts`);
        const shared = accountsPage.$('section.account').map((_, section) => accountsPage.$(section).attr('data-account-id') as string).get();
        expect(shared.sort()).toEqual(['acc-mia-everyday', 'acc-mia-savings']);
      } finally {
        await psu.close();
      }

      launcher.kill('SIGINT');
      expect(await exitOf(launcher)).toBe(0);
      expect(stillRunning(started)).toEqual([]);
    } finally {
      if (launcher.exitCode === null) launcher.kill('SIGKILL');
      for (const pid of stillRunning(started)) process.kill(pid, 'SIGKILL'); // what a failing launcher left behind
    }
  }, 300_000);
});
