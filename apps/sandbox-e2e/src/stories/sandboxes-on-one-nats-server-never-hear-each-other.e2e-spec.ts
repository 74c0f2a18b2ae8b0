/**
 * Issue 8: a developer's running sandbox and this run's sandbox (or two sandboxes) on one NATS server never answer each
 * other's requests: each speaks in the namespace of its SANDBOX_ID.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ClientProxyFactory } from '@nestjs/microservices';
import { DEFAULT_SANDBOX_ID, NatsContractClient, NatsUnavailable, Requests, sandboxNatsClient } from '@fapi/nats-contract';
import { eventually } from '@fapi/testing';
import { sandbox, serviceEnvironment } from '../support/sandbox-state';

const repoRoot = path.resolve(__dirname, '../../../..');

/** A caller on this run's NATS server, speaking in the namespace of `sandboxId`. */
async function callerIn(sandboxId: string): Promise<NatsContractClient> {
  const proxy = ClientProxyFactory.create(sandboxNatsClient({ natsUrl: sandbox().natsUrl, sandboxId }));
  const client = new NatsContractClient(proxy);
  await proxy.connect();
  await eventually(() => (client.isConnected() ? true : undefined), `a caller in ${sandboxId}`);
  return client;
}

describe('sandboxes on one NATS server never hear each other', () => {
  it("this run's consent service answers its own sandbox, and a caller of another sandbox gets no answer from it", async () => {
    const own = await callerIn(sandbox().sandboxId);
    const other = await callerIn(DEFAULT_SANDBOX_ID);
    try {
      await expect(own.request(Requests.getAccountAccessConsent, { consentId: 'aac-nobody-made' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      await expect(other.request(Requests.getAccountAccessConsent, { consentId: 'aac-nobody-made' })).rejects.toBeInstanceOf(NatsUnavailable);
    } finally {
      await own.onApplicationShutdown();
      await other.onApplicationShutdown();
    }
  });

  it.each(['consent-service', 'bank-api', 'authorization-server'])('%s refuses a SANDBOX_ID NATS cannot carry, saying why in one line', (app) => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'apps', app, 'dist', 'main.js')], {
      env: { ...serviceEnvironment(sandbox()), SANDBOX_ID: 'Team.A', PORT: '0', HEALTH_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    // every log line is JSON (pino): the refusal is one line whose message says why
    const lines = (run.stdout + run.stderr).split('\n').filter((line) => line.includes('SANDBOX_ID'));
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      expect.stringMatching(/^cannot start: SANDBOX_ID "Team\.A" is not 1 to 32 of a-z, 0-9 and -/),
    ]);
  });
});
