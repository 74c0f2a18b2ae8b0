/**
 * Issue 8, "Services you can see into": consent-service has no HTTP endpoint of its own, so its liveness, readiness
 * and metrics are served on a plain-HTTP port of their own (HEALTH_PORT). Started as its app starts it
 * (consentService()), it is not ready while its database refuses connections or NATS is away, stays live, and is
 * ready again by itself once they are back.
 */
import type { INestApplication } from '@nestjs/common';
import { request } from 'undici';
import { withMaintenanceConnection } from '@fapi/persistence';
import { startNatsService } from '@fapi/service-runtime';
import { dropDatabase, eventually, freePort, freshDatabase, overrideEnvironment, type PrivateNatsServer, startPrivateNatsServer, Teardown } from '@fapi/testing';
import { consentService } from '../consent.sandbox-service';

jest.setTimeout(90_000);

/** Refuses new connections to the database and ends the open ones, as in an outage (or allows them again). */
async function refuseConnections(databaseUrl: string, refuse: boolean): Promise<void> {
  await withMaintenanceConnection(databaseUrl, async (client, name) => {
    await client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${refuse ? 'false' : 'true'}`);
    if (refuse) await client.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1', [name]);
  });
}

describe('consent-service can be seen into on its health port', () => {
  const teardown = new Teardown();
  let restoreEnvironment: (() => void) | undefined;
  let nats: PrivateNatsServer;
  let databaseUrl: string;
  let origin: string;

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'error';
    databaseUrl = teardown.add(await freshDatabase('consent', 'fapi_unit_consent_operations'), dropDatabase);
    nats = teardown.add(await startPrivateNatsServer(), (server) => server.stop());
    const port = await freePort();
    restoreEnvironment = overrideEnvironment({ NATS_URL: nats.url, CONSENT_DATABASE_URL: databaseUrl, HEALTH_PORT: String(port), HOST: '127.0.0.1' });
    const { module, nats: options } = consentService();
    teardown.add(await startNatsService(module, options), (app: INestApplication) => app.close());
    origin = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(async () => {
    await teardown.run();
    restoreEnvironment?.();
  });

  const get = async (path: string) => {
    const response = await request(`${origin}${path}`);
    const text = await response.body.text();
    return { status: response.statusCode, text, json: () => JSON.parse(text) };
  };
  const readinessBecomes = (status: number) =>
    eventually(async () => {
      const ready = await get('/health/ready');
      return ready.status === status ? ready.json() : undefined;
    }, `readiness ${status}`, { attempts: 150, intervalMs: 200 });

  it('is live, and ready with its database and NATS up', async () => {
    expect((await get('/health/live')).status).toBe(200);
    expect(await readinessBecomes(200)).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('serves its metrics: the process and its own HTTP requests by route template', async () => {
    await get('/health/live');
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^fapi_http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/m);
    expect(metrics.text).toMatch(/^process_resident_memory_bytes /m);
  });

  it('is not ready (503 naming the database) while the database refuses connections, then ready again by itself', async () => {
    teardown.add(databaseUrl, (url) => refuseConnections(url, false)); // allowed again for the drop, even on failure
    await refuseConnections(databaseUrl, true);
    expect(await readinessBecomes(503)).toMatchObject({ status: 'error', error: { database: { status: 'down' } }, info: { nats: { status: 'up' } } });
    expect((await get('/health/live')).status).toBe(200);

    await refuseConnections(databaseUrl, false);
    expect(await readinessBecomes(200)).toMatchObject({ status: 'ok' });
  });

  it('is not ready (503 naming NATS) while NATS is away, stays live, then ready again by itself', async () => {
    await nats.interrupt();
    expect(await readinessBecomes(503)).toMatchObject({ status: 'error', error: { nats: { status: 'down' } }, info: { database: { status: 'up' } } });
    expect((await get('/health/live')).status).toBe(200);

    await nats.restart();
    expect(await readinessBecomes(200)).toMatchObject({ status: 'ok' });
  });
});
