/**
 * Issue 11, "Beyond one machine": on a NATS cluster, the sandbox's streams (settlements, grant revocations) live on as
 * many nodes as NATS_STREAM_REPLICAS says, so one node down leaves them available; a stream created with fewer is
 * brought to that number at the next start; a single NATS server refuses more than one, said in one line.
 */
import { jetstream, type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type PrivateNatsCluster, type PrivateNatsServer, startPrivateNatsCluster, startPrivateNatsServer } from '@fapi/testing';
import { Streams } from './contract';
import { ensureDurableStream } from './durable-streams';
import { natsConnectionOptions } from './sandbox-nats';

/** Where a stream lives: how many replicas its configuration asks for, and on how many nodes it is (leader + peers). */
async function placement(manager: JetStreamManager, stream: string, consumer: string) {
  const { config, cluster } = await manager.streams.info(stream);
  const consumerInfo = await manager.consumers.info(stream, consumer);
  return {
    replicas: config.num_replicas,
    nodes: cluster?.leader ? 1 + (cluster.replicas?.length ?? 0) : 0,
    consumerNodes: consumerInfo.cluster?.leader ? 1 + (consumerInfo.cluster.replicas?.length ?? 0) : 0,
  };
}

describe('on a 3-node JetStream cluster, the sandbox’s streams live on NATS_STREAM_REPLICAS nodes', () => {
  let cluster: PrivateNatsCluster;
  let connection: NatsConnection;
  let manager: JetStreamManager;

  beforeAll(async () => {
    cluster = await startPrivateNatsCluster({ nodes: 3 });
    connection = await connect(natsConnectionOptions(cluster.urls[0]));
    manager = await jetstreamManager(connection);
  });
  afterAll(async () => {
    await connection?.close();
    await cluster?.stop();
  });

  it('a new stream and its consumer are placed on 3 nodes when streamReplicas is 3', async () => {
    const names = await ensureDurableStream(manager, { sandboxId: 'replicated', streamReplicas: 3 }, Streams.paymentSettlement);

    expect(await placement(manager, names.stream, names.consumer)).toEqual({ replicas: 3, nodes: 3, consumerNodes: 3 });
  });

  it('without streamReplicas, a stream lives on one node, as on a single NATS server', async () => {
    const names = await ensureDurableStream(manager, { sandboxId: 'single' }, Streams.grantRevocations);

    expect(await placement(manager, names.stream, names.consumer)).toEqual({ replicas: 1, nodes: 1, consumerNodes: 1 });
  });

  it('a stream created with one replica is raised to 3 at the next start, which returns once it and its consumer are on 3 nodes, messages kept', async () => {
    const sandbox = { sandboxId: 'raised' };
    const names = await ensureDurableStream(manager, sandbox, Streams.grantRevocations);
    await jetstream(connection).publish(names.subject, JSON.stringify({ grantId: 'kept-across-the-change' }));

    await ensureDurableStream(manager, { ...sandbox, streamReplicas: 3 }, Streams.grantRevocations);

    expect(await placement(manager, names.stream, names.consumer)).toEqual({ replicas: 3, nodes: 3, consumerNodes: 3 });
    expect((await manager.streams.info(names.stream)).state.messages).toBe(1);
  });

  it('a stream of 3 replicas is lowered to 1 when NATS_STREAM_REPLICAS is lowered', async () => {
    const sandbox = { sandboxId: 'lowered' };
    const names = await ensureDurableStream(manager, { ...sandbox, streamReplicas: 3 }, Streams.paymentSettlement);

    await ensureDurableStream(manager, { ...sandbox, streamReplicas: 1 }, Streams.paymentSettlement);

    expect(await placement(manager, names.stream, names.consumer)).toEqual({ replicas: 1, nodes: 1, consumerNodes: 1 });
  });
});

describe('on a single NATS server, more than one stream replica is refused in one line naming the setting', () => {
  let nats: PrivateNatsServer;
  let connection: NatsConnection;
  let manager: JetStreamManager;

  beforeAll(async () => {
    nats = await startPrivateNatsServer({ jetstream: true });
    connection = await connect(natsConnectionOptions(nats.url));
    manager = await jetstreamManager(connection);
  });
  afterAll(async () => {
    await connection?.close();
    await nats?.stop();
  });

  it('a new stream', async () => {
    await expect(ensureDurableStream(manager, { sandboxId: 'new', streamReplicas: 3 }, Streams.paymentSettlement)).rejects.toThrow(
      new Error('stream new_BANK_PAYMENTS: NATS_STREAM_REPLICAS is 3, but this NATS server is not part of a JetStream cluster: set it to 1'),
    );
  });

  it('an existing stream', async () => {
    await ensureDurableStream(manager, { sandboxId: 'existing' }, Streams.grantRevocations);

    await expect(ensureDurableStream(manager, { sandboxId: 'existing', streamReplicas: 2 }, Streams.grantRevocations)).rejects.toThrow(
      new Error('stream existing_GRANT_REVOCATIONS: NATS_STREAM_REPLICAS is 2, but this NATS server is not part of a JetStream cluster: set it to 1'),
    );
    expect((await manager.streams.info('existing_GRANT_REVOCATIONS')).config.num_replicas).toBe(1);
  });
});
