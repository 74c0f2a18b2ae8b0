import { mkdirSync } from 'node:fs';
// free-port alone: the package's index loads all test support (a browser, NestJS fakes), seconds of start-up
import { acceptsConnections, freePort } from '@fapi/testing/dist/free-port';
import { startChild, stopService, waitUntilReady } from '../processes/child-processes';
import type { RunningBackingService } from './running-backing-service';

export interface NatsServerOptions {
  command: string;
  /** The JetStream store, kept between starts (the bank's settlement queue survives a restart). */
  storeDir: string;
  logsDir: string;
  ownProcessGroup?: boolean;
}

/** `nats-server` with JetStream on a free loopback port, as a child of ours. */
export async function startNatsServer({ command, storeDir, logsDir, ownProcessGroup = true }: NatsServerOptions): Promise<RunningBackingService> {
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const nats = startChild('nats-server', command, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    env: process.env,
    logsDir,
    ownProcessGroup,
  });
  await waitUntilReady(nats, () => acceptsConnections(port));
  return {
    url: `nats://127.0.0.1:${port}`,
    description: `nats-server (${command}) on 127.0.0.1:${port} (JetStream store in ${storeDir})`,
    process: nats,
    stop: () => stopService(nats),
  };
}
