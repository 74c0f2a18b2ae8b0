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

/** Where stories that restart a service record its process id, so the global teardown stops it too. */
const restartedPidsFile = (workDir: string) => path.join(workDir, 'restarted-pids');

export function rememberRestarted(workDir: string, service: ServiceProcess): void {
  appendFileSync(restartedPidsFile(workDir), `${service.child.pid}\n`);
}

export function stopRestarted(workDir: string): void {
  if (!existsSync(restartedPidsFile(workDir))) return;
  for (const pid of readFileSync(restartedPidsFile(workDir), 'utf8').split('\n').filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
