import { freePort, type PrivateNatsServer, startPrivateNatsServer } from '@fapi/testing';
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
