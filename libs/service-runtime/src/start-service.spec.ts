import { connect } from 'node:tls';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { Agent, fetch } from 'undici';
import { freePort, overrideEnvironment, TestPki } from '@fapi/testing';
import { SERVICE_CSP } from '@fapi/web-pages';
import type { DirectRoutes } from './direct-routes';
import { type HttpsServiceOptions, startHttpsService } from './start-service';

// Setting up makes RSA keys: give it room on a loaded CI machine.
jest.setTimeout(60_000);

@Controller()
class HelloController {
  @Get('hello')
  hello(): { hello: string } {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

/** Sends raw bytes over TLS and returns what the server answered before closing the connection. */
function rawExchange(port: number, caPem: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: caPem }, () => socket.end(request));
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer)).on('error', reject);
  });
}

/** HelloModule started as an HTTPS service (with `options`) around a describe block: its port, and an agent trusting its CA. */
function helloServiceWith(options: Partial<HttpsServiceOptions> = {}) {
  const service = {} as { pki: TestPki; app: INestApplication; agent: Agent; port: number };
  let restoreEnvironment: (() => void) | undefined;
  beforeAll(async () => {
    service.pki = await TestPki.create();
    service.port = await freePort();
    restoreEnvironment = overrideEnvironment({ CERTS_DIR: service.pki.certsDir, PORT: String(service.port), HOST: '127.0.0.1' });
    service.app = await startHttpsService(HelloModule, { identity: 'authorization-server', publicUrl: `https://localhost:${service.port}`, readiness: [], ...options });
    service.agent = new Agent({ connect: { ca: service.pki.caPem } });
  });
  afterAll(async () => {
    await service.agent?.close();
    await service.app?.close();
    service.pki?.remove();
    restoreEnvironment?.();
  });
  return service;
}

describe('every HTTPS service answers with the security headers, also where the framework answers alone', () => {
  const service = helloServiceWith();

  it.each([['an endpoint', '/hello'], ['a route nobody serves (the framework’s 404)', '/nowhere']])(
    '%s: HSTS, the CSP without inline script and framing, no X-Powered-By',
    async (_what, path) => {
      const response = await fetch(`https://localhost:${service.port}${path}`, { dispatcher: service.agent });
      await response.arrayBuffer();
      expect({
        hsts: response.headers.get('strict-transport-security'),
        csp: response.headers.get('content-security-policy')?.split(/;\s*/),
        frameOptions: response.headers.get('x-frame-options'),
        poweredBy: response.headers.get('x-powered-by'),
      }).toEqual({ hsts: 'max-age=31536000; includeSubDomains', csp: SERVICE_CSP.split('; '), frameOptions: 'DENY', poweredBy: null });
    },
  );

  it('no ETag (Express would hash every body for it), so no 304 either: a conditional request gets the resource', async () => {
    const first = await fetch(`https://localhost:${service.port}/hello`, { dispatcher: service.agent });
    await first.arrayBuffer();
    const etagExpressWouldGive = 'W/"11-IkjuL6CqqtmReFMfkkvwC0sKj04"';
    const conditional = await fetch(`https://localhost:${service.port}/hello`, { dispatcher: service.agent, headers: { 'if-none-match': etagExpressWouldGive } });
    expect({ etag: first.headers.get('etag'), status: conditional.status, body: await conditional.json() }).toEqual({
      etag: null,
      status: 200,
      body: { hello: 'world' },
    });
  });

  it('headers too large: Node’s own 431 carries an x-fapi-interaction-id and closes the connection', async () => {
    const answer = await rawExchange(service.port, service.pki.caPem, `GET /hello HTTP/1.1\r\nHost: localhost:${service.port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const [statusLine, ...headerLines] = answer.split('\r\n\r\n')[0].split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headerLines).toEqual(expect.arrayContaining(['Connection: close', expect.stringMatching(/^x-fapi-interaction-id: [0-9a-f-]{36}$/)]));
  });

  it('a client’s idle keep-alive connection stays open past Node’s 5 s default (announced as timeout=65) and answers again', async () => {
    const socket = connect({ host: '127.0.0.1', port: service.port, servername: 'localhost', ca: service.pki.caPem });
    socket.setEncoding('utf8');
    let received = '';
    socket.on('data', (chunk: string) => (received += chunk));
    const answerTo = async (request: string) => {
      received = '';
      socket.write(request);
      while (!received.endsWith('{"hello":"world"}')) await new Promise((resolve) => setTimeout(resolve, 10));
      return received;
    };
    try {
      await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      const request = `GET /hello HTTP/1.1\r\nHost: localhost:${service.port}\r\n\r\n`;
      const first = await answerTo(request);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect({ keepAlive: first.match(/^keep-alive: (.*)$/im)?.[1], open: !socket.destroyed && !socket.readableEnded }).toEqual({ keepAlive: 'timeout=65', open: true });
      expect(await answerTo(request)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    } finally {
      socket.destroy();
    }
  });

  it('a request Node cannot parse gets 400 with an x-fapi-interaction-id too', async () => {
    const answer = await rawExchange(service.port, service.pki.caPem, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n.*x-fapi-interaction-id: [0-9a-f-]{36}\r\n/s);
  });
});

describe('requests another framework answers whole go past Express and Nest, not past the service-wide middleware', () => {
  const answered: string[] = [];
  /** Owns /direct/...: its guard refuses `?refuse` (403) and fails on `?fail`; its answer names the path. */
  const directRoutes = (): DirectRoutes => ({
    owns: (url) => url.startsWith('/direct/'),
    guards: [
      (req, res, next) => {
        if (req.url?.endsWith('?fail')) return next(new Error('the guard broke'));
        if (req.url?.endsWith('?refuse')) return void res.writeHead(403).end('refused by the guard');
        next();
      },
    ],
    answer: (req, res) => {
      answered.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`direct ${req.url}`);
    },
  });
  const service = helloServiceWith({ directRoutes, routeOf: (path) => (path.startsWith('/direct/') ? '/direct/:name' : undefined) });
  const get = async (path: string) => {
    const response = await fetch(`https://localhost:${service.port}${path}`, { dispatcher: service.agent });
    return { status: response.status, body: await response.text(), headers: response.headers };
  };

  it('its routes are answered by it, with the security headers; the others by Nest', async () => {
    const direct = await get('/direct/one?x=1');
    expect({ status: direct.status, body: direct.body, csp: direct.headers.get('content-security-policy')?.split(/;\s*/), hsts: direct.headers.get('strict-transport-security') }).toEqual({
      status: 200,
      body: 'direct /direct/one?x=1',
      csp: SERVICE_CSP.split('; '),
      hsts: 'max-age=31536000; includeSubDomains',
    });
    expect(await get('/hello')).toMatchObject({ status: 200, body: JSON.stringify({ hello: 'world' }) });
    expect(answered).toEqual(['/direct/one?x=1']);
  });

  it('its guards run after the service-wide middleware: a refusal is theirs, a failure is 500 without details', async () => {
    const refused = await get('/direct/two?refuse');
    expect({ status: refused.status, body: refused.body, frameOptions: refused.headers.get('x-frame-options') }).toEqual({ status: 403, body: 'refused by the guard', frameOptions: 'DENY' });
    expect(await get('/direct/three?fail')).toMatchObject({ status: 500, body: '' });
    expect(answered).not.toContain('/direct/two?refuse');
    expect(answered).not.toContain('/direct/three?fail');
  });

  it('its requests are counted under their route template, never their path', async () => {
    const metrics = (await get('/metrics')).body;
    expect(metrics).toMatch(/fapi_http_requests_total\{method="GET",route="\/direct\/:name",status="200"\} [1-9]/);
    expect(metrics).toMatch(/fapi_http_requests_total\{method="GET",route="\/direct\/:name",status="403"\} [1-9]/);
    expect(metrics).not.toContain('/direct/one');
  });
});
