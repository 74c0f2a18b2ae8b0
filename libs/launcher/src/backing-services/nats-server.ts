import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
// free-port alone: the package's index loads all test support (a browser, NestJS fakes), seconds of start-up
import { freePort } from '@fapi/testing/dist/free-port';
import { startChild, stopService, waitUntilReady } from '../processes/child-processes';
import type { RunningBackingService } from './running-backing-service';

export interface NatsServerOptions {
  command: string;
  /** The JetStream store, kept between starts (the bank's settlement queue survives a restart). */
  storeDir: string;
  logsDir: string;
  ownProcessGroup?: boolean;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** `nats-server` with JetStream on a free loopback port, as a child of ours. */
export async function startNatsServer({ command, storeDir, logsDir, ownProcessGroup = true }: NatsServerOptions): Promise<RunningBackingService> {
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const nats = startChild('nats-server', command, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    env: process.env,
    logsDir,
    ownProcessGroup,
  });
  await waitUntilReady(nats, () => accepts(port));
  return {
    url: `nats://127.0.0.1:${port}`,
    description: `nats-server (${command}) on 127.0.0.1:${port} (JetStream store in ${storeDir})`,
    process: nats,
    stop: () => stopService(nats),
  };
}
