import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { haltNatsServer, launchNatsServer, natsServerCommand } from './private-nats-server';

export interface PrivateNatsCluster {
  /** The client URL of each node, in order. */
  urls: string[];
  /** Stops every node and removes their JetStream stores. */
  stop(): Promise<void>;
}

/** What a node's monitoring endpoint says of the JetStream meta group (GET /jsz). */
interface Jsz {
  meta_cluster?: { replicas?: { current: boolean }[] };
}

/**
 * A JetStream cluster of `nodes` nats-servers of one test file's own on 127.0.0.1 (as infra/k8s runs three), each with
 * its own store, routed to each other; resolves once the JetStream meta group has a leader and every other node is
 * current, so a stream of `nodes` replicas can be placed.
 */
export async function startPrivateNatsCluster({ nodes = 3 } = {}): Promise<PrivateNatsCluster> {
  const ports = await Promise.all(Array.from({ length: nodes }, async () => ({ client: await freePort(), route: await freePort(), monitor: await freePort() })));
  const routes = ports.map(({ route }) => `nats://127.0.0.1:${route}`).join(',');
  const store = mkdtempSync(path.join(tmpdir(), 'nats-cluster-'));
  const running: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(running.map(haltNatsServer));
    rmSync(store, { recursive: true, force: true });
  };
  try {
    for (const [index, { client, route, monitor }] of ports.entries()) {
      const args = ['-a', '127.0.0.1', '-p', String(client), '-m', String(monitor), '-n', `node-${index}`, '-js', '-sd', path.join(store, `node-${index}`)];
      args.push('--cluster_name', 'private', '--cluster', `nats://127.0.0.1:${route}`, '--routes', routes);
      running.push(await launchNatsServer({ command: natsServerCommand(), args, port: client }));
    }
    // only the meta group's leader lists its peers: ready once one node leads with every other node current
    const leadsCurrentPeers = async ({ monitor }: { monitor: number }) => {
      const jsz = (await fetch(`http://127.0.0.1:${monitor}/jsz`).then((response) => response.json())) as Jsz;
      const peers = jsz.meta_cluster?.replicas ?? [];
      return peers.length === nodes - 1 && peers.every(({ current }) => current);
    };
    await eventually(
      async () => ((await Promise.all(ports.map(leadsCurrentPeers))).some(Boolean) ? true : undefined),
      `a JetStream cluster of ${nodes} nodes`,
      { attempts: 300 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: ports.map(({ client }) => `nats://127.0.0.1:${client}`), stop };
}
