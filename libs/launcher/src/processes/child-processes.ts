import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../repo-root';
import { type Agent, request } from 'undici';

/** A process the sandbox started (a service, nats-server, PostgreSQL), its output kept in `logFile`. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Started as the leader of its own process group: stopping it signals the group (its own children too). */
  ownProcessGroup?: boolean;
  /** The signal that stops it cleanly (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** How long it may take to stop before SIGKILL (default STOP_GRACE_MS). */
  stopGraceMs?: number;
}

/** How long a process may take to stop cleanly before it is killed. */
const STOP_GRACE_MS = 5000;
/** A service run with --cpu-prof writes its profile as it stops, which takes longer than that on a busy machine. */
const PROFILED_STOP_GRACE_MS = 60_000;

export interface ChildOptions {
  env: NodeJS.ProcessEnv;
  logsDir: string;
  /**
   * In a process group of its own, a terminal's Ctrl-C reaches only the launcher, which then stops the services before
   * NATS and PostgreSQL; otherwise the child gets the terminal's signals itself (the e2e services, stopped with jest).
   */
  ownProcessGroup?: boolean;
  stopSignal?: NodeJS.Signals;
  stopGraceMs?: number;
  uid?: number;
  gid?: number;
}

/** Starts `command` with stdout and stderr appended to `<logsDir>/<name>.log`. */
export function startChild(name: string, command: string, args: string[], options: ChildOptions): ServiceProcess {
  const logFile = path.join(options.logsDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: options.env,
    stdio: ['ignore', log, log],
    detached: options.ownProcessGroup ?? false,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  return { name, child, logFile, ownProcessGroup: options.ownProcessGroup, stopSignal: options.stopSignal, stopGraceMs: options.stopGraceMs };
}

/** A sandbox service from its built entry point (`node apps/<app>/dist/main.js`). */
export function startService(app: string, env: NodeJS.ProcessEnv, logsDir: string, name = app, ownProcessGroup = false): ServiceProcess {
  const stopGraceMs = env.NODE_OPTIONS?.includes('--cpu-prof') ? PROFILED_STOP_GRACE_MS : undefined;
  return startChild(name, process.execPath, [path.join(repoRoot, 'apps', app, 'dist', 'main.js')], { env, logsDir, ownProcessGroup, stopGraceMs });
}

export function logTail(service: ServiceProcess, lines = 40): string {
  return readFileSync(service.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Whether `url` answers (with `expectStatus`, that status), over TLS through `dispatcher`: a readiness probe. */
export async function answersHttps(url: string, dispatcher: Agent, expectStatus?: number): Promise<boolean> {
  const response = await request(url, { dispatcher });
  await response.body.dump();
  return expectStatus === undefined || response.statusCode === expectStatus;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Polls `probe` until it resolves true; fails with the service's log when it exits or does not get ready. */
export async function waitUntilReady(service: ServiceProcess, probe: () => Promise<boolean>, attempts = 120): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (hasExited(service.child)) {
      throw new Error(`${service.name} exited with ${service.child.exitCode ?? service.child.signalCode}:\n${logTail(service)}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not get ready:\n${logTail(service)}`);
}

/** Stops a child with its stop signal (SIGKILL after its grace) and resolves once it has exited. */
export async function stopService(service: ServiceProcess): Promise<void> {
  const { child } = service;
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const send = (sent: NodeJS.Signals) => {
    try {
      if (service.ownProcessGroup && child.pid) process.kill(-child.pid, sent);
      else child.kill(sent);
    } catch {
      // already gone
    }
  };
  send(service.stopSignal ?? 'SIGTERM');
  const killer = setTimeout(() => send('SIGKILL'), service.stopGraceMs ?? STOP_GRACE_MS);
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
export async function ended(pid: number, signal: NodeJS.Signals = 'SIGTERM', graceMs = STOP_GRACE_MS): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited === graceMs) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
