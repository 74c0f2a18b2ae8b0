import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from './eventually';
import { acceptsConnections, freePort } from './free-port';

/** How a private NATS server is started: enough for any process to start it again on the same port and store. */
export interface NatsServerLaunch {
  command: string;
  args: string[];
  port: number;
  /** Its JetStream store, when it has one. */
  storeDir?: string;
}

export interface PrivateNatsServer {
  url: string;
  launch: NatsServerLaunch;
  /** The running server's process id (undefined while interrupted). */
  pid(): number | undefined;
  /** Stops the server for good, removing its JetStream store. */
  stop(): Promise<void>;
  /** Stops the server process but keeps its store: an outage, until restart(). */
  interrupt(): Promise<void>;
  /** Starts the interrupted server again on the same port, with the same JetStream store. */
  restart(): Promise<void>;
}

/**
 * Starts nats-server as `launch` says and resolves once it accepts connections. Any process may call it, e.g. a test
 * worker restarting the server a jest global setup started (it then owns the returned process).
 */
export async function launchNatsServer(launch: NatsServerLaunch): Promise<ChildProcess> {
  const child = spawn(launch.command, launch.args, { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `${launch.command} not found: install the Debian package nats-server (apt-get install nats-server) or set NATS_SERVER_BIN`
            : `cannot start ${launch.command}: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) => reject(new Error(`${launch.command} exited with ${code}`)));
  });
  failed.catch(() => undefined); // once it answered, a later exit is its owner's to see
  await Promise.race([eventually(async () => (await acceptsConnections(launch.port)) || undefined, `nats-server on port ${launch.port}`, { intervalMs: 50 }), failed]);
  return child;
}

/** The nats-server binary: NATS_SERVER_BIN, else Debian's /usr/sbin/nats-server, else `nats-server` on PATH. */
export const natsServerCommand = (): string =>
  process.env.NATS_SERVER_BIN || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/** Stops a server process and resolves once it exited. */
export async function haltNatsServer(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * A NATS server of one test file's own: the contract's subjects are fixed, so fakes answering them on the shared
 * server would race the real services other tests (or a running sandbox) have there. With `jetstream`, it gets its
 * own JetStream store (in `storeDir` if given, else a fresh temporary folder), removed on stop. With `configFile`, it
 * reads that nats-server configuration too (e.g. users and their permissions). The binary is NATS_SERVER_BIN, else
 * Debian's /usr/sbin/nats-server, else `nats-server` on PATH.
 */
export async function startPrivateNatsServer({
  jetstream = false,
  storeDir,
  configFile,
}: { jetstream?: boolean; storeDir?: string; configFile?: string } = {}): Promise<PrivateNatsServer> {
  const port = await freePort();
  const command = natsServerCommand();
  const store = jetstream ? (storeDir ?? mkdtempSync(path.join(tmpdir(), 'nats-js-'))) : undefined;
  if (store) mkdirSync(store, { recursive: true });
  const launch: NatsServerLaunch = {
    command,
    args: [...(configFile ? ['-c', configFile] : []), '-a', '127.0.0.1', '-p', String(port), ...(store ? ['-js', '-sd', store] : [])],
    port,
    ...(store ? { storeDir: store } : {}),
  };
  const halt = haltNatsServer;
  let running: ChildProcess | undefined = await launchNatsServer(launch);
  return {
    url: `nats://127.0.0.1:${port}`,
    launch,
    pid: () => running?.pid,
    async interrupt() {
      if (running) await halt(running);
      running = undefined;
    },
    async restart() {
      if (running) await halt(running);
      running = await launchNatsServer(launch);
    },
    async stop() {
      if (running) await halt(running);
      running = undefined;
      if (store) rmSync(store, { recursive: true, force: true });
    },
  };
}
