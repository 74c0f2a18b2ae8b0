/**
 * Issue 8: what every service started by startHttpsService serves its operators, whatever it declares: liveness,
 * readiness with its declared checks (Terminus' body, 503 naming the failing check, probes that hang count as down),
 * and Prometheus metrics, with the security headers like every other response.
 */
import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { Agent, fetch } from 'undici';
import { freePort, overrideEnvironment, TestPki } from '@fapi/testing';
import { startHttpsService } from '../start-service';
import type { ReadinessCheck } from './readiness-check';

jest.setTimeout(60_000);

@Controller('things')
class ThingsController {
  @Get(':thingId')
  thing(@Param('thingId') thingId: string): { thingId: string } {
    return { thingId };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

/** A dependency the test takes down and brings back; `hangs` makes its probe never answer. */
const dependency = { up: true, hangs: false };
const dependencyCheck: ReadinessCheck = {
  name: 'dependency',
  probe: () => {
    if (dependency.hangs) return new Promise(() => undefined);
    if (!dependency.up) throw new Error('dependency is down');
  },
};

describe('every HTTPS service serves /health/live, /health/ready and /metrics', () => {
  let restoreEnvironment: (() => void) | undefined;
  let pki: TestPki;
  let app: INestApplication;
  let agent: Agent;
  let origin: string;

  beforeAll(async () => {
    pki = await TestPki.create();
    const port = await freePort();
    restoreEnvironment = overrideEnvironment({ CERTS_DIR: pki.certsDir, PORT: String(port), HOST: '127.0.0.1' });
    origin = `https://localhost:${port}`;
    app = await startHttpsService(ThingsModule, { identity: 'authorization-server', publicUrl: origin, readiness: [dependencyCheck] });
    agent = new Agent({ connect: { ca: pki.caPem } }); // no client certificate
  });
  afterAll(async () => {
    await agent?.close();
    await app?.close();
    pki?.remove();
    restoreEnvironment?.();
  });
  afterEach(() => Object.assign(dependency, { up: true, hangs: false }));

  const get = async (path: string) => {
    const response = await fetch(`${origin}${path}`, { dispatcher: agent });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
  };

  it('ready: 200 with Terminus’ body naming each declared check, with the security headers', async () => {
    const ready = await get('/health/ready');
    const up = { status: 'up', responseTime: expect.any(Number) };
    expect({ status: ready.status, body: ready.json() }).toEqual({
      status: 200,
      body: { status: 'ok', info: { dependency: up }, error: {}, details: { dependency: up } },
    });
    expect(ready.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('not ready: 503 naming the failing check and why, while liveness stays 200; ready again once it is back', async () => {
    dependency.up = false;
    const notReady = await get('/health/ready');
    expect({ status: notReady.status, body: notReady.json() }).toMatchObject({
      status: 503,
      body: { status: 'error', error: { dependency: { status: 'down', message: 'dependency is down' } } },
    });
    expect(await get('/health/live')).toMatchObject({ status: 200 });
    dependency.up = true;
    expect((await get('/health/ready')).status).toBe(200);
  });

  it('a probe that does not answer counts as down after its timeout, not as a hung request', async () => {
    dependency.hangs = true;
    const startedAt = Date.now();
    expect((await get('/health/ready')).status).toBe(503);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('/metrics: requests by route template (never the path) and status, their latency, the process metrics', async () => {
    expect((await get('/things/thing-42')).status).toBe(200);
    expect((await get('/no/such/path')).status).toBe(404);
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toMatch(/^fapi_http_requests_total\{method="GET",route="\/things\/:thingId",status="200"\} 1$/m);
    expect(metrics.text).toMatch(/^fapi_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(metrics.text).toMatch(/^fapi_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/things\/:thingId",status="200"\} 1$/m);
    expect(metrics.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(metrics.text).not.toContain('thing-42');
  });
});
