import { connect } from 'node:tls';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { Agent, fetch } from 'undici';
import { freePort, overrideEnvironment, TestPki } from '@fapi/testing';
import { SERVICE_CSP } from '@fapi/web-pages';
import { startHttpsService } from './start-service';

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

describe('every HTTPS service answers with the security headers, also where the framework answers alone', () => {
  let restoreEnvironment: (() => void) | undefined;
  let pki: TestPki;
  let app: INestApplication;
  let agent: Agent;
  let port: number;

  beforeAll(async () => {
    pki = await TestPki.create();
    port = await freePort();
    restoreEnvironment = overrideEnvironment({ CERTS_DIR: pki.certsDir, PORT: String(port), HOST: '127.0.0.1' });
    app = await startHttpsService(HelloModule, { identity: 'authorization-server', publicUrl: `https://localhost:${port}`, readiness: [] });
    agent = new Agent({ connect: { ca: pki.caPem } });
  });

  afterAll(async () => {
    await agent?.close();
    await app?.close();
    pki?.remove();
    restoreEnvironment?.();
  });

  it.each([['an endpoint', '/hello'], ['a route nobody serves (the framework’s 404)', '/nowhere']])(
    '%s: HSTS, the CSP without inline script and framing, no X-Powered-By',
    async (_what, path) => {
      const response = await fetch(`https://localhost:${port}${path}`, { dispatcher: agent });
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
    const first = await fetch(`https://localhost:${port}/hello`, { dispatcher: agent });
    await first.arrayBuffer();
    const etagExpressWouldGive = 'W/"11-IkjuL6CqqtmReFMfkkvwC0sKj04"';
    const conditional = await fetch(`https://localhost:${port}/hello`, { dispatcher: agent, headers: { 'if-none-match': etagExpressWouldGive } });
    expect({ etag: first.headers.get('etag'), status: conditional.status, body: await conditional.json() }).toEqual({
      etag: null,
      status: 200,
      body: { hello: 'world' },
    });
  });

  it('headers too large: Node’s own 431 carries an x-fapi-interaction-id and closes the connection', async () => {
    const answer = await rawExchange(port, pki.caPem, `GET /hello HTTP/1.1\r\nHost: localhost:${port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const [statusLine, ...headerLines] = answer.split('\r\n\r\n')[0].split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headerLines).toEqual(expect.arrayContaining(['Connection: close', expect.stringMatching(/^x-fapi-interaction-id: [0-9a-f-]{36}$/)]));
  });

  it('a request Node cannot parse gets 400 with an x-fapi-interaction-id too', async () => {
    const answer = await rawExchange(port, pki.caPem, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n.*x-fapi-interaction-id: [0-9a-f-]{36}\r\n/s);
  });
});
