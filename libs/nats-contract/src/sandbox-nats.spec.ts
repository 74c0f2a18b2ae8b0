/**
 * Issue 8: two sandboxes (or a sandbox and the tests) on one NATS server must never see each other's messages. Each
 * speaks in its own namespace (`<sandboxId>.<subject>`), applied by the transports, not by handlers or callers.
 */
import { Controller, Inject, Logger } from '@nestjs/common';
import { ClientProxyFactory, Ctx, EventPattern, MessagePattern, type NatsContext, Payload } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import { eventually, type PrivateNatsServer, type RunningNatsFake, startNatsFake, startPrivateNatsServer, Teardown } from '@fapi/testing';
import type { AccountAccessConsentStatusChanged, GetAccountAccessConsent } from './account-access-consents';
import { Events, Requests } from './contract';
import { NatsContractClient, NatsUnavailable } from './nats-contract.client';
import { refuse } from './rpc';
import { sandboxNatsClient } from './sandbox-nats';

/** What one sandbox's stand-in consent service and its listener were sent. */
interface Heard {
  sandboxId: string;
  requests: Array<{ subject: string; consentId: string }>;
  consentsChanged: string[];
}

const HEARD = Symbol('Heard');

const statusChanged = (consentId: string): AccountAccessConsentStatusChanged => ({
  consentId,
  clientId: 'tpp-a',
  status: 'AUTH',
  previousStatus: 'AWAU',
  at: new Date().toISOString(),
});

@Controller()
class ListeningService {
  constructor(@Inject(HEARD) private readonly heard: Heard) {}

  @MessagePattern(Requests.getAccountAccessConsent)
  get(@Payload() { consentId }: GetAccountAccessConsent, @Ctx() context: NatsContext) {
    this.heard.requests.push({ subject: context.getSubject(), consentId });
    return refuse('NOT_FOUND', `answered by ${this.heard.sandboxId}`);
  }

  @EventPattern(Events.accountAccessConsentStatusChanged)
  changed(@Payload() { consentId }: AccountAccessConsentStatusChanged) {
    this.heard.consentsChanged.push(consentId);
  }
}

describe('sandboxes sharing one NATS server each hear only their own messages (SANDBOX_ID namespaces)', () => {
  const teardown = new Teardown();
  let nats: PrivateNatsServer;
  let serviceA: RunningNatsFake<Heard>;
  let serviceB: RunningNatsFake<Heard>;

  const listen = async (sandboxId: string) =>
    teardown.add(await startNatsFake(nats.url, ListeningService, HEARD, { sandboxId, requests: [], consentsChanged: [] }, sandboxId), (fake) => fake.stop());
  const callerIn = async (sandboxId: string) => {
    const proxy = ClientProxyFactory.create(sandboxNatsClient({ natsUrl: nats.url, sandboxId }));
    const client = teardown.add(new NatsContractClient(proxy), (client) => client.onApplicationShutdown());
    await proxy.connect();
    await eventually(() => (client.isConnected() ? true : undefined), `the client of ${sandboxId} to connect`);
    return client;
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    nats = teardown.add(await startPrivateNatsServer(), (server) => server.stop());
    [serviceA, serviceB] = [await listen('sandbox-a'), await listen('sandbox-b')];
  });
  afterAll(() => teardown.run());

  it("a request is answered by its own sandbox's service only; the other one never sees it", async () => {
    const [callerA, callerB] = [await callerIn('sandbox-a'), await callerIn('sandbox-b')];

    expect(await callerA.request(Requests.getAccountAccessConsent, { consentId: 'aac-of-a' })).toEqual(refuse('NOT_FOUND', 'answered by sandbox-a'));
    expect(await callerB.request(Requests.getAccountAccessConsent, { consentId: 'aac-of-b' })).toEqual(refuse('NOT_FOUND', 'answered by sandbox-b'));

    // the handler sees the contract's subject (consent-service routes by it), not the namespace
    expect(serviceA.state.requests).toEqual([{ subject: Requests.getAccountAccessConsent, consentId: 'aac-of-a' }]);
    expect(serviceB.state.requests).toEqual([{ subject: Requests.getAccountAccessConsent, consentId: 'aac-of-b' }]);
  });

  it('a request finds its handler by its subject as it is, never parsed as JSON (which a plain subject makes throw)', async () => {
    const callerA = await callerIn('sandbox-a');
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(await callerA.request(Requests.getAccountAccessConsent, { consentId: 'aac-routed' })).toEqual(refuse('NOT_FOUND', 'answered by sandbox-a'));
      expect(parse.mock.calls.map(([text]) => text)).not.toContain(Requests.getAccountAccessConsent);
    } finally {
      parse.mockRestore();
    }
  });

  it('a sandbox without that service gets no answer (NATS: no responders), though two others serve the subject', async () => {
    const lonely = await callerIn('sandbox-c');
    await expect(lonely.request(Requests.getAccountAccessConsent, { consentId: 'aac-of-c' })).rejects.toBeInstanceOf(NatsUnavailable);
  });

  it("an event is heard by its own sandbox's services only", async () => {
    const [callerA, callerB] = [await callerIn('sandbox-a'), await callerIn('sandbox-b')];
    await callerA.emit(Events.accountAccessConsentStatusChanged, statusChanged('aac-of-a'));
    await eventually(() => (serviceA.state.consentsChanged.length > 0 ? true : undefined), "sandbox-a's event");
    // published after A's was delivered: B's service would have received A's event before its own
    await callerB.emit(Events.accountAccessConsentStatusChanged, statusChanged('aac-of-b'));
    await eventually(() => (serviceB.state.consentsChanged.length > 0 ? true : undefined), "sandbox-b's event");

    expect(serviceA.state.consentsChanged).toEqual(['aac-of-a']);
    expect(serviceB.state.consentsChanged).toEqual(['aac-of-b']);
  });

  it('two instances of one service in one sandbox handle each request and each event once between them (its queue group)', async () => {
    const [first, second]: RunningNatsFake<Heard>[] = [await listen('sandbox-scaled'), await listen('sandbox-scaled')];
    const caller = await callerIn('sandbox-scaled');
    for (let request = 0; request < 10; request++) {
      expect(await caller.request(Requests.getAccountAccessConsent, { consentId: `aac-${request}` })).toEqual(refuse('NOT_FOUND', 'answered by sandbox-scaled'));
    }
    await caller.emit(Events.accountAccessConsentStatusChanged, statusChanged('aac-changed'));
    await eventually(() => (first.state.consentsChanged.length + second.state.consentsChanged.length > 0 ? true : undefined), 'the event');
    await caller.request(Requests.getAccountAccessConsent, { consentId: 'after-the-event' }); // a second delivery would be in by now

    const handled = [...first.state.requests, ...second.state.requests].map((request) => request.consentId).sort();
    expect(handled).toEqual([...Array.from({ length: 10 }, (_, request) => `aac-${request}`), 'after-the-event'].sort());
    expect([...first.state.consentsChanged, ...second.state.consentsChanged]).toEqual(['aac-changed']);
  });

  it('on the wire, a sandbox publishes under `<sandboxId>.<contract subject>`', async () => {
    const wiretap = teardown.add(await connect({ servers: nats.url }), (connection) => connection.close());
    const published = wiretap.subscribe('>', { max: 1 });
    await wiretap.flush();
    const callerA = await callerIn('sandbox-a');
    await callerA.emit(Events.accountAccessConsentStatusChanged, statusChanged('aac-on-the-wire'));
    for await (const message of published) expect(message.subject).toBe('sandbox-a.consent.account-access.status-changed');
  });
});
