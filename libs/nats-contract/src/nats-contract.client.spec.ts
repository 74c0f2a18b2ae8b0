/**
 * Issue 7, finding 2: while a service the caller relies on is away, the caller answers 503 (try again soon), not 500.
 * "Away" is NATS itself, and also the service behind a subject: when NATS returns, the callers may reconnect before
 * the service answering the subject has subscribed again, and NATS says "no responders" meanwhile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { type ClientProxy, ClientProxyFactory } from '@nestjs/microservices';
import { type Histogram, register } from 'prom-client';
import { eventually, type PrivateNatsServer, startPrivateNatsServer, TEST_SANDBOX_ID } from '@fapi/testing';
import { Requests } from './contract';
import { runInInteraction } from './interaction';
import { NatsContractClient, NatsUnavailable } from './nats-contract.client';
import { namespacedSubject, sandboxNatsClient } from './sandbox-nats';

/** A NatsContractClient of the test sandbox connected to `natsUrl` (as `user` when given), with its Nest client. */
async function connectedClient(natsUrl: string, user?: { user: string; pass: string }): Promise<{ client: NatsContractClient; proxy: ClientProxy }> {
  const options = sandboxNatsClient({ natsUrl, sandboxId: TEST_SANDBOX_ID });
  const proxy = ClientProxyFactory.create({ ...options, options: { ...options.options, ...user } });
  const client = new NatsContractClient(proxy);
  await proxy.connect();
  await eventually(() => (client.isConnected() ? true : undefined), 'the client to connect');
  return { client, proxy };
}

describe('NatsContractClient', () => {
  let nats: PrivateNatsServer;
  let client: NatsContractClient;
  let proxy: ClientProxy;

  beforeAll(async () => {
    nats = await startPrivateNatsServer();
    ({ client, proxy } = await connectedClient(nats.url));
  });
  afterAll(async () => {
    await client?.onApplicationShutdown();
    await nats?.stop();
  });

  it('a request no service answers (NATS: no responders) is NatsUnavailable, so the caller answers 503', async () => {
    const asked = client.request(Requests.getAccountAccessConsent, { consentId: 'nobody-listens' });
    await expect(asked).rejects.toBeInstanceOf(NatsUnavailable);
    await expect(asked).rejects.toThrow(/consent\.account-access\.get/);
  });

  /** The number of requests the latency histogram counted for a subject and outcome. */
  async function timedRequests(subject: string, outcome: string): Promise<number> {
    const histogram = (await (register.getSingleMetric('fapi_nats_request_duration_seconds') as Histogram | undefined)?.get())?.values ?? [];
    const count = histogram.find((value) => value.metricName === 'fapi_nats_request_duration_seconds_count' && value.labels.subject === subject && value.labels.outcome === outcome);
    return count?.value ?? 0;
  }

  it('times every request in fapi_nats_request_duration_seconds by subject and outcome, and sends the interaction id in its headers', async () => {
    // a service answering as Nest's NATS server does (its reply packet), telling which interaction id it was sent
    const service = await connect({ servers: nats.url });
    service.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.getDomesticPaymentConsent), {
      callback: (_error, message) => {
        const { id } = message.json<{ id: string }>();
        const response = { ok: false, error: { code: 'NOT_FOUND', message: message.headers?.get('x-fapi-interaction-id') ?? 'no header' } };
        message.respond(JSON.stringify({ id, response, isDisposed: true }));
      },
    });
    await service.flush();
    const interactionId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const answer = await runInInteraction({ interactionId }, () => client.request(Requests.getDomesticPaymentConsent, { consentId: 'pdc-1' }));
    expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: interactionId } });
    await expect(client.request(Requests.getAccountAccessConsent, { consentId: 'nobody-listens' })).rejects.toBeInstanceOf(NatsUnavailable);

    expect(await timedRequests(Requests.getDomesticPaymentConsent, 'ok')).toBe(1);
    expect(await timedRequests(Requests.getDomesticPaymentConsent, 'unavailable')).toBe(0);
    expect(await timedRequests(Requests.getAccountAccessConsent, 'unavailable')).toBeGreaterThanOrEqual(1);
    await service.close();
  });

  it('requests in flight together each get their own reply, all over one reply subscription of the connection, not one per request', async () => {
    // a service that answers the requests only once all have come, in the reverse order, each naming its consent
    const count = 20;
    const service = await connect({ servers: nats.url });
    const received: Msg[] = [];
    service.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.getDomesticPaymentConsent), {
      callback: (_error, message) => {
        if (received.push(message) < count) return;
        for (const waiting of received.reverse()) {
          const { id, data } = waiting.json<{ id: string; data: { consentId: string } }>();
          waiting.respond(JSON.stringify({ id, response: { ok: false, error: { code: 'NOT_FOUND', message: data.consentId } }, isDisposed: true }));
        }
      },
    });
    await service.flush();
    const subscribe = jest.spyOn(proxy.unwrap<NatsConnection>(), 'subscribe');
    try {
      const consentIds = Array.from({ length: count }, (_, index) => `pdc-in-flight-${index}`);
      const answers = await Promise.all(consentIds.map((consentId) => client.request(Requests.getDomesticPaymentConsent, { consentId })));
      expect(answers.map((answer) => (answer.ok ? 'answered ok' : answer.error.message))).toEqual(consentIds);
      // Nest subscribes a new inbox per request (20 here); ours subscribes the connection's one inbox at most once
      expect(subscribe.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      subscribe.mockRestore();
      await service.close();
    }
  });

  it('a request whose service takes it and never answers is NatsUnavailable (503, not 500) at the timeout its caller chose, not at the default 5 s', async () => {
    const silent = await connect({ servers: nats.url });
    silent.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.revokeGrant));
    await silent.flush();
    const asked = client.request(Requests.revokeGrant, { grantId: 'never-acknowledged', at: new Date().toISOString() }, { timeoutMs: 100 });
    await expect(asked).rejects.toThrow(`no answer to ${Requests.revokeGrant} over NATS: Timeout has occurred`);
    await expect(asked).rejects.toBeInstanceOf(NatsUnavailable);
    await silent.close();
  }, 3_000);

  it('a request waiting for its reply when NATS goes away is NatsUnavailable at once, not at the reply timeout', async () => {
    // a service that takes the request and never answers: only the lost connection can end the wait
    const silent = await connect({ servers: nats.url });
    silent.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.getAccountAccessConsent));
    await silent.flush();
    const startedAt = Date.now();
    const asked = client.request(Requests.getAccountAccessConsent, { consentId: 'never-answered' });
    asked.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await nats.interrupt();
    await expect(asked).rejects.toBeInstanceOf(NatsUnavailable);
    expect(Date.now() - startedAt).toBeLessThan(4000);
    await silent.close().catch(() => undefined);
  });
});

describe('NatsContractClient on a NATS server that refuses its reply subscription', () => {
  let nats: PrivateNatsServer;
  let configDir: string;
  let client: NatsContractClient;

  beforeAll(async () => {
    // a service's user may subscribe to anything but inboxes: no reply can ever reach its requests
    configDir = mkdtempSync(path.join(tmpdir(), 'nats-permissions-'));
    const configFile = path.join(configDir, 'nats.conf');
    writeFileSync(
      configFile,
      `authorization { users = [
        { user: "no-inbox", password: "no-inbox", permissions: { subscribe: { deny: "_INBOX.>" } } }
        { user: "service", password: "service" }
      ] }`,
    );
    nats = await startPrivateNatsServer({ configFile });
    ({ client } = await connectedClient(nats.url, { user: 'no-inbox', pass: 'no-inbox' }));
  });
  afterAll(async () => {
    await client?.onApplicationShutdown();
    await nats?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("fails each request with NATS's refusal as soon as NATS refuses the subscription, not at the reply timeout, and tries to subscribe again at the next", async () => {
    const service = await connect({ servers: nats.url, user: 'service', pass: 'service' });
    service.subscribe(namespacedSubject(TEST_SANDBOX_ID, Requests.getAccountAccessConsent), {
      callback: (_error, message) => {
        message.respond(JSON.stringify({ id: message.json<{ id: string }>().id, response: { ok: true }, isDisposed: true }));
      },
    });
    await service.flush();
    for (const consentId of ['aac-first', 'aac-second']) {
      const startedAt = Date.now();
      await expect(client.request(Requests.getAccountAccessConsent, { consentId }, { timeoutMs: 4_000 })).rejects.toThrow(/Permissions Violation for Subscription to "_INBOX\./);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    }
    await service.close();
  });
});
