import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from './eventually';
import { freePort } from './free-port';

export interface PrivateNatsServer {
  url: string;
  /** Stops the server for good, removing its JetStream store. */
  stop(): Promise<void>;
  /** Stops the server process but keeps its store: an outage, until restart(). */
  interrupt(): Promise<void>;
  /** Starts the interrupted server again on the same port, with the same JetStream store. */
  restart(): Promise<void>;
}

const answers = (port: number) =>
  new Promise<true | undefined>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });

/**
 * A NATS server of one test file's own: the contract's subjects are fixed, so fakes answering them on the shared
 * server would race the real services other tests (or a running sandbox) have there. With `jetstream`, it gets its
 * own JetStream store, removed on stop. The binary is NATS_SERVER_BIN, else Debian's /usr/sbin/nats-server, else
 * `nats-server` on PATH.
 */
export async function startPrivateNatsServer({ jetstream = false } = {}): Promise<PrivateNatsServer> {
  const port = await freePort();
  const binary = process.env.NATS_SERVER_BIN || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
  const store = jetstream ? mkdtempSync(path.join(tmpdir(), 'nats-js-')) : undefined;
  const start = async () => {
    const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), ...(store ? ['-js', '-sd', store] : [])], { stdio: 'ignore' });
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
      child.once('exit', (code) => reject(new Error(`${binary} exited with ${code}`)));
    });
    failed.catch(() => undefined); // once it answered, a later exit is stop()'s to see
    await Promise.race([eventually(() => answers(port), `nats-server on port ${port}`, { intervalMs: 50 }), failed]);
    return child;
  };
  const halt = async (child: ChildProcess) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  let running: ChildProcess | undefined = await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    async interrupt() {
      if (running) await halt(running);
      running = undefined;
    },
    async restart() {
      if (running) await halt(running);
      running = await start();
    },
    async stop() {
      if (running) await halt(running);
      running = undefined;
      if (store) rmSync(store, { recursive: true, force: true });
    },
  };
}
