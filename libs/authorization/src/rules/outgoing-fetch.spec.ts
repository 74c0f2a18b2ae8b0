import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TestPki } from '@fapi/testing';
import { boundedOutgoingFetch, RefusedAddress } from './outgoing-fetch';

// Setting up makes RSA keys: give it room on a loaded CI machine.
jest.setTimeout(60_000);

describe('what the server fetches for a client never reaches a special-use address, checked when connecting', () => {
  let pki: TestPki;
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    pki = await TestPki.create();
    server = createServer(pki.server('authorization-server'), (_req, res) => res.end('{"keys":[]}'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    pki?.remove();
  });

  beforeEach(() => {
    connections = 0;
  });

  it('a name resolving to loopback (localhost) is refused before any connection when loopback is not allowed', async () => {
    const fetch = boundedOutgoingFetch({ allowLoopback: false, sandboxCaPem: pki.caPem });
    await expect(fetch(`https://localhost:${port}/jwks`)).rejects.toMatchObject({ cause: expect.any(RefusedAddress) });
    expect(connections).toBe(0);
  });

  it('a loopback address literal is refused before any connection when loopback is not allowed', async () => {
    const fetch = boundedOutgoingFetch({ allowLoopback: false, sandboxCaPem: pki.caPem });
    await expect(fetch(`https://127.0.0.1:${port}/jwks`)).rejects.toBeInstanceOf(RefusedAddress);
    expect(connections).toBe(0);
  });

  it('http is refused whatever the host', async () => {
    const fetch = boundedOutgoingFetch({ allowLoopback: true, sandboxCaPem: pki.caPem });
    await expect(fetch(`http://localhost:${port}/jwks`)).rejects.toBeInstanceOf(RefusedAddress);
    expect(connections).toBe(0);
  });

  it('with the sandbox-only loopback allowance, https://localhost with a sandbox CA certificate is fetched', async () => {
    const fetch = boundedOutgoingFetch({ allowLoopback: true, sandboxCaPem: pki.caPem });
    const response = await fetch(`https://localhost:${port}/jwks`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { keys: [] } });
  });
});
