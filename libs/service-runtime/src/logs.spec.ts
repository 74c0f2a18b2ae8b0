/**
 * Issue 8, "Logs": every service logs JSON lines through pino, one per HTTP request (method, route template, status,
 * latency, x-fapi-interaction-id) and one per NATS message handled; the interaction id travels in NATS message
 * headers, so the service answering a message logs under the caller's id; no secret reaches a line.
 */
import { Controller, Get, Headers, Inject, type INestApplication, Logger, Module, Param } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Agent, fetch } from 'undici';
import { currentInteraction, NatsContractClient, NatsContractModule, refuse, Requests } from '@fapi/nats-contract';
import { freePort, overrideEnvironment, type PrivateNatsServer, startPrivateNatsServer, TEST_SANDBOX_ID, TestPki } from '@fapi/testing';
import { redactSecrets } from './logs';
import { startHttpsService } from './start-service';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SECRETS = { token: 'eyJhbGciOiJQUzI1NiJ9.secret-access-token', cookie: 'secret-session-cookie', code: 'secret-authorization-code' };

@Controller('things')
class ThingsController {
  private readonly logger = new Logger('Things');

  constructor(@Inject(NatsContractClient) private readonly nats: NatsContractClient) {}

  @Get(':thingId')
  thing(@Param('thingId') thingId: string, @Headers('authorization') authorization?: string): { thingId: string } {
    // a careless log call: the field names mark these values as secrets
    this.logger.log({ msg: 'looked a thing up', token: authorization, password: 'hunter2-password' });
    return { thingId };
  }

  /** Asks over NATS (the handler below answers with the interaction id it ran in). */
  @Get(':thingId/asked')
  async asked(): Promise<{ handlerSaw: string }> {
    const reply = await this.nats.request(Requests.getAccountAccessConsent, { consentId: 'thing' });
    return { handlerSaw: reply.ok ? 'ok?' : reply.error.message };
  }
}

/** A NATS handler, as the consent-service's: tells which interaction it runs in, and logs a line of its own. */
@Controller()
class ConsentsController {
  private readonly logger = new Logger('Consents');

  @MessagePattern(Requests.getAccountAccessConsent)
  consent() {
    this.logger.log('looking the consent up');
    return refuse('NOT_FOUND', currentInteraction()?.interactionId ?? 'no interaction');
  }
}

describe('every service logs one JSON line per request and per NATS message, under its interaction id', () => {
  let restoreEnvironment: (() => void) | undefined;
  let pki: TestPki;
  let nats: PrivateNatsServer;
  let app: INestApplication;
  let agent: Agent;
  let origin: string;
  let written: string[] = [];

  beforeAll(async () => {
    pki = await TestPki.create();
    nats = await startPrivateNatsServer();
    const port = await freePort();
    restoreEnvironment = overrideEnvironment({ CERTS_DIR: pki.certsDir, PORT: String(port), HOST: '127.0.0.1', NATS_URL: nats.url, SANDBOX_ID: TEST_SANDBOX_ID, LOG_LEVEL: 'info' });
    origin = `https://localhost:${port}`;
    @Module({ imports: [NatsContractModule.forRoot({ natsUrl: nats.url, sandboxId: TEST_SANDBOX_ID })], controllers: [ThingsController, ConsentsController] })
    class ThingsModule {}
    app = await startHttpsService(ThingsModule, { identity: 'bank-api', publicUrl: origin, readiness: [], natsHandlers: true });
    agent = new Agent({ connect: { ca: pki.caPem } });
  });
  beforeEach(() => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await agent?.close();
    await app?.close();
    await nats?.stop();
    pki?.remove();
    restoreEnvironment?.();
  });

  /** Every line written so far, each parsed (a line that is not JSON fails the test). */
  const lines = () => written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

  /** The request line is written once the response has ended, which may be just after the client read it. */
  async function requestLine(route: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const line = lines().find((candidate) => candidate.route === route && candidate.msg === 'request completed');
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no request line for ${route} in:\n${written.join('')}`);
  }

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { dispatcher: agent, headers });

  it('one line per request: method, the route template (not the path with its ids), status, latency, the interaction id it carried', async () => {
    const interactionId = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    expect((await get('/things/thing-42', { 'x-fapi-interaction-id': interactionId })).status).toBe(200);
    expect(await requestLine('/things/:thingId')).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      interactionId,
      method: 'GET',
      route: '/things/:thingId',
      status: 200,
      latencyMs: expect.any(Number),
      msg: 'request completed',
    });
    expect(written.join('')).not.toContain('thing-42');
  });

  it('health probes and metric scrapes, which come every few seconds, are not logged at info', async () => {
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/things/thing-46')).status).toBe(200);
    await requestLine('/things/:thingId');
    expect(lines().filter((line) => String(line.route).startsWith('/health'))).toEqual([]);
  });

  it('a request without a usable interaction id is logged under a fresh UUID', async () => {
    await get('/things/thing-43', { 'x-fapi-interaction-id': 'not a uuid' });
    expect((await requestLine('/things/:thingId')).interactionId).toMatch(UUID);
    expect(written.join('')).not.toContain('not a uuid');
  });

  it('the interaction id travels in the NATS message headers: the handler runs, and logs, under the caller’s id', async () => {
    const interactionId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const answer = await get('/things/thing-44/asked', { 'x-fapi-interaction-id': interactionId });
    expect(await answer.json()).toEqual({ handlerSaw: interactionId });
    await requestLine('/things/:thingId/asked');
    const byMessage = Object.fromEntries(lines().map((line) => [line.msg, line]));
    expect(byMessage['looking the consent up']).toMatchObject({ context: 'Consents', interactionId });
    expect(byMessage['NATS message handled']).toEqual(
      expect.objectContaining({ subject: Requests.getAccountAccessConsent, interactionId, latencyMs: expect.any(Number) }),
    );
    expect(byMessage['request completed']).toMatchObject({ route: '/things/:thingId/asked', status: 200, interactionId });
  });

  it('no token, cookie, password or authorization code reaches a line: not from headers, the query, or a careless log call', async () => {
    const response = await get(`/things/thing-45?code=${SECRETS.code}&state=s`, {
      authorization: `Bearer ${SECRETS.token}`,
      cookie: `__Host-session=${SECRETS.cookie}`,
    });
    expect(response.status).toBe(200);
    await requestLine('/things/:thingId');
    const logged = written.join('');
    expect(lines().find((line) => line.msg === 'looked a thing up')).toMatchObject({ token: '[redacted]', password: '[redacted]' });
    for (const secret of [...Object.values(SECRETS), 'hunter2-password']) expect(logged).not.toContain(secret);
  });
});

describe('LOG_FORMAT=pretty (what `npm start` sets in a terminal)', () => {
  let restoreEnvironment: (() => void) | undefined;
  afterEach(() => {
    restoreEnvironment?.();
    jest.restoreAllMocks();
  });

  it('lines are for people, not JSON, and as redacted as JSON ones', () => {
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    restoreEnvironment = overrideEnvironment({ LOG_FORMAT: 'pretty' });
    jest.isolateModules(() => {
      const { serviceLogger } = jest.requireActual<typeof import('./logs')>('./logs');
      serviceLogger().info({ interactionId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', password: 'hunter2-password' }, 'request completed');
    });
    const text = written.join('');
    expect(text).toMatch(/INFO.*request completed/);
    expect(text).toContain('interactionId: "1b4e28ba-2fa1-41d2-883f-0016d3cca427"');
    expect(text).not.toContain('hunter2-password');
    expect(() => JSON.parse(text.split('\n')[0])).toThrow();
  });
});

describe('no secret field reaches a line, at its own level or two below', () => {
  it('a line without secrets is written as it is, nothing copied', () => {
    const line = { interactionId: 'i', method: 'POST', route: '/token', status: 200, nested: { route: '/token', deeper: { status: 200 } } };
    expect(redactSecrets(line)).toBe(line);
  });

  it('redacts a secret field at the top, one and two levels down, also inside arrays, and leaves the caller’s objects unchanged', () => {
    const line = {
      token: 'top-secret',
      request: { headers: { authorization: 'Bearer two-down', accept: 'application/json' }, code: 'one-down' },
      clients: [{ client_assertion: 'in-an-array' }],
      kept: 'visible',
    };
    const snapshot = structuredClone(line);
    expect(redactSecrets(line)).toEqual({
      token: '[redacted]',
      request: { headers: { authorization: '[redacted]', accept: 'application/json' }, code: '[redacted]' },
      clients: [{ client_assertion: '[redacted]' }],
      kept: 'visible',
    });
    expect(line).toEqual(snapshot);
  });

  it('an error carrying a secret keeps its message and stack for the error serializer, the secret redacted', () => {
    const error = Object.assign(new Error('token endpoint refused'), { password: 'hunter2-password' });
    const { err } = redactSecrets({ err: error });
    expect({ isError: err instanceof Error, message: err.message, stack: err.stack, password: (err as unknown as { password: string }).password }).toEqual({
      isError: true,
      message: 'token endpoint refused',
      stack: error.stack,
      password: '[redacted]',
    });
  });

  it('a JSON line and a child logger’s bindings are redacted alike', () => {
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    jest.isolateModules(() => {
      const { serviceLogger } = jest.requireActual<typeof import('./logs')>('./logs');
      serviceLogger()
        .child({ session: { cookie: 'secret-session-cookie' } })
        .info({ upstream: { response: { access_token: 'eyJ.secret-access-token' } } }, 'called upstream');
    });
    jest.restoreAllMocks();
    const line = JSON.parse(written.join('').split('\n')[0]);
    expect({ session: line.session, upstream: line.upstream }).toEqual({
      session: { cookie: '[redacted]' },
      upstream: { response: { access_token: '[redacted]' } },
    });
  });
});
