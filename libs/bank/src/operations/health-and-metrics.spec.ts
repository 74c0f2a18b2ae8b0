/**
 * Issue 8, "Services you can see into": the bank's liveness and readiness (Terminus) and its Prometheus metrics, on
 * its HTTPS port, answered without a client certificate or token. Readiness names NATS and the JetStream settlement
 * queue while NATS is away and recovers by itself; liveness stays green throughout.
 */
import { Agent, request } from 'undici';
import { eventually } from '@fapi/testing';
import { type BankUnderTest, startBankUnderTest } from '../testing/bank-under-test';

jest.setTimeout(90_000);

describe('the bank can be seen into: health and metrics', () => {
  let bank: BankUnderTest;
  let withoutClientCertificate: Agent;
  beforeAll(async () => {
    bank = await startBankUnderTest({ name: 'operations' });
    withoutClientCertificate = new Agent({ connect: { ca: bank.pki.caPem } });
  }, 60_000);
  afterAll(async () => {
    await withoutClientCertificate?.close();
    await bank?.stop();
  });

  const get = async (path: string) => {
    const response = await request(`${bank.origin}${path}`, { dispatcher: withoutClientCertificate });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) };
  };

  it('is live and ready with no client certificate and no token, checking its database, NATS and settlement queue', async () => {
    expect((await get('/health/live')).json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    const ready = await get('/health/ready');
    expect({ status: ready.status, body: ready.json() }).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { database: { status: 'up' }, nats: { status: 'up' }, 'settlement-queue': { status: 'up' } } },
    });
  });

  it('counts a request just made on /metrics, by its route template and status, with its latency', async () => {
    expect((await get('/open-banking/v4.0/aisp/accounts/acc-metrics-1')).status).toBe(401);
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toMatch(/^fapi_http_requests_total\{method="GET",route="\/open-banking\/v4\.0\/aisp\/accounts\/:AccountId",status="401"\} [1-9]/m);
    expect(metrics.text).toMatch(/^fapi_http_request_duration_seconds_count\{method="GET",route="\/open-banking\/v4\.0\/aisp\/accounts\/:AccountId",status="401"\} [1-9]/m);
    expect(metrics.text).not.toContain('acc-metrics-1');
    expect(metrics.text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('is not ready (503 naming NATS and the settlement queue) while NATS is away, stays live, and is ready again once NATS is back', async () => {
    await bank.nats.interrupt();
    const down = await eventually(async () => {
      const ready = await get('/health/ready');
      return ready.status === 503 ? ready : undefined;
    }, 'readiness to go red', { attempts: 100, intervalMs: 100 });
    expect(down.json()).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { nats: { status: 'down' }, 'settlement-queue': { status: 'down' } },
    });
    expect((await get('/health/live')).status).toBe(200);

    await bank.nats.restart();
    const up = await eventually(async () => {
      const ready = await get('/health/ready');
      return ready.status === 200 ? ready : undefined;
    }, 'readiness to go green again', { attempts: 150, intervalMs: 200 });
    expect(up.json()).toMatchObject({ status: 'ok' });
  });
});
