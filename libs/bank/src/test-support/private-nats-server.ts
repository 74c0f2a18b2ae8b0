import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A NATS server of our own for one test file: the contract's subjects are fixed, so fakes answering them on the
 * shared server would race the real services other tests start there. Uses `NATS_SERVER_BIN`, else the
 * Debian-packaged `/usr/sbin/nats-server` (the one infra/scripts/ensure-local-services.sh starts). JetStream is on,
 * with a store directory of its own (the bank settles payments through a stream), removed when it stops.
 */
export interface PrivateNatsServer {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`nats-server exited with ${code}: ${output}`)));
  });
}

export async function startPrivateNatsServer(): Promise<PrivateNatsServer> {
  const binary = process.env.NATS_SERVER_BIN || '/usr/sbin/nats-server';
  if (!existsSync(binary)) throw new Error(`nats-server not found at ${binary}: set NATS_SERVER_BIN`);
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'bank-test-jetstream-'));
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForReady(child);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        const removeStore = () => {
          rmSync(storeDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return removeStore();
        child.once('exit', removeStore);
        child.kill('SIGTERM');
      }),
  };
}
