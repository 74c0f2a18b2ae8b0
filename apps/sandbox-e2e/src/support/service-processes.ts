import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Agent, request } from 'undici';

const repoRoot = path.resolve(__dirname, '../../../..');

/** One sandbox service running as its own process from its built entry point (`node apps/<app>/dist/main.js`). */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

export function startService(app: string, env: NodeJS.ProcessEnv, logsDir: string, name = app): ServiceProcess {
  const logFile = path.join(logsDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(repoRoot, 'apps', app, 'dist', 'main.js')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', log, log],
  });
  return { name, child, logFile };
}

export function logTail(service: ServiceProcess, lines = 40): string {
  return readFileSync(service.logFile, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Whether a service answers `url` over TLS (with `expectStatus`, that status): a readiness probe. */
export async function answersHttps(url: string, dispatcher: Agent, expectStatus?: number): Promise<boolean> {
  const response = await request(url, { dispatcher });
  await response.body.dump();
  return expectStatus === undefined || response.statusCode === expectStatus;
}

/** Polls `probe` until it resolves true; fails with the service's log when it exits or does not get ready. */
export async function waitUntilReady(service: ServiceProcess, probe: () => Promise<boolean>, attempts = 120): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${logTail(service)}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not get ready:\n${logTail(service)}`);
}

export async function stopService(service: ServiceProcess): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

/** Whether the process with this id still runs. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends when the process with this id is gone (SIGKILL after `graceMs`). */
export async function ended(pid: number, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited === graceMs) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Where stories that restart a process record its name and id, so the global teardown stops it too. */
const restartedPidsFile = (workDir: string) => path.join(workDir, 'restarted-pids');

export function rememberRestarted(workDir: string, service: { name: string; child: ChildProcess }): void {
  appendFileSync(restartedPidsFile(workDir), `${service.child.pid} ${service.name}\n`);
}

function restartedProcesses(workDir: string): Array<{ name: string; pid: number }> {
  if (!existsSync(restartedPidsFile(workDir))) return [];
  return readFileSync(restartedPidsFile(workDir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, name] = line.split(' ');
      return { name, pid: Number(pid) };
    });
}

/**
 * Every process of the sandbox that runs now, by pid: the global setup's and those stories restarted. A story that
 * must not lose a process reads these at its start and checks them at its end.
 */
export function runningSandboxProcesses(state: { workDir: string; pids: Record<string, number> }): Map<number, string> {
  const all = [...Object.entries(state.pids).map(([name, pid]) => ({ name, pid })), ...restartedProcesses(state.workDir)];
  return new Map(all.filter(({ pid }) => isAlive(pid)).map(({ name, pid }) => [pid, name]));
}

/** The running process of `name`: the one a story restarted last, else the global setup's. */
export function currentPid(state: { workDir: string; pids: Record<string, number> }, name: string): number {
  const restarted = restartedProcesses(state.workDir).filter((candidate) => candidate.name === name);
  return restarted.at(-1)?.pid ?? state.pids[name];
}

export async function stopRestarted(workDir: string): Promise<void> {
  await Promise.all(restartedProcesses(workDir).map(({ pid }) => ended(pid)));
}
