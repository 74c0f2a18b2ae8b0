import { freePort, type PrivateNatsServer, startPrivateNatsCluster, startPrivateNatsServer } from '@fapi/testing';
import { assertNatsAnswers, NatsUnreachable } from './nats-answers';

describe('a service starts only when NATS answers, and otherwise says which server it tried and what to do', () => {
  let nats: PrivateNatsServer;
  beforeAll(async () => {
    nats = await startPrivateNatsServer();
  });
  afterAll(() => nats?.stop());

  it('a server that answers passes', async () => {
    await expect(assertNatsAnswers(nats.url)).resolves.toBeUndefined();
  });

  it('nobody answering at the URL is NatsUnreachable naming the URL and how to start NATS', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const checked = assertNatsAnswers(url);
    await expect(checked).rejects.toBeInstanceOf(NatsUnreachable);
    await expect(checked).rejects.toThrow(
      `NATS at ${url} does not answer (connection refused): start it with JetStream (bash infra/scripts/ensure-local-services.sh) or set NATS_URL`,
    );
  });
});

describe('a service whose streams are to live on several NATS nodes starts only on a NATS cluster', () => {
  it('a single server is refused in one line naming NATS_STREAM_REPLICAS and the two ways out', async () => {
    const nats = await startPrivateNatsServer({ jetstream: true });
    try {
      await expect(assertNatsAnswers(nats.url, { streamReplicas: 3 })).rejects.toThrow(
        new Error(`NATS at ${nats.url} is not part of a cluster, so NATS_STREAM_REPLICAS 3 cannot be kept: set it to 1, or NATS_URL to a JetStream cluster`),
      );
      await expect(assertNatsAnswers(nats.url, { streamReplicas: 1 })).resolves.toBeUndefined();
    } finally {
      await nats.stop();
    }
  });

  it('a node of a 3-node cluster passes', async () => {
    const cluster = await startPrivateNatsCluster({ nodes: 3 });
    try {
      await expect(assertNatsAnswers(cluster.urls[1], { streamReplicas: 3 })).resolves.toBeUndefined();
    } finally {
      await cluster.stop();
    }
  });
});
