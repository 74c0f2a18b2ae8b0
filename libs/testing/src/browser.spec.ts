import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Browser } from './browser';
import { TestPki } from './test-pki';

// Setting up makes RSA keys: give it room on a loaded CI machine.
jest.setTimeout(60_000);

describe('the PSU browser reuses its connection from one navigation to the next, as a browser does', () => {
  let pki: TestPki;
  let server: Server;
  let origin: string;
  let connectionsOpened = 0;

  beforeAll(async () => {
    pki = await TestPki.create();
    server = createServer(pki.server('authorization-server'), (req, res) => {
      const redirects: Record<string, string> = { '/auth': '/interaction/one', '/interaction/one/login': '/interaction/one' };
      const to = redirects[req.url ?? ''];
      if (to) return void res.writeHead(303, { location: to }).end('<p>See Other</p>');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<form action="/interaction/one/login" method="post"><input type="hidden" name="step" value="login"></form>');
    });
    server.on('secureConnection', () => connectionsOpened++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    pki.remove();
  });

  it('redirects followed at once and a form posted afterwards go over the one connection it opened', async () => {
    const browser = new Browser(pki.caPem);
    try {
      const page = await browser.open(`${origin}/auth`);
      const next = await browser.submit(page, 'form', { username: 'mia' });
      expect({ landed: [page.url, next.url], connections: connectionsOpened }).toEqual({
        landed: [`${origin}/interaction/one`, `${origin}/interaction/one`],
        connections: 1,
      });
    } finally {
      await browser.close();
    }
  });
});
