import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { loadTlsIdentity, x5tS256 } from '@fapi/pki';
import { TestPki } from '@fapi/testing';
import { mtlsFetch } from './mtls-fetch';

/** An HTTPS server like the sandbox's: asks for a client certificate, answers who presented what. */
async function startServer(certsDir: string): Promise<{ server: Server; url: string }> {
  const server = createServer({ ...loadTlsIdentity(certsDir, 'bank-api'), requestCert: true, rejectUnauthorized: false }, (request, response) => {
    const socket = request.socket as TLSSocket;
    const peer = socket.getPeerX509Certificate();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ authorized: socket.authorized, x5t: peer ? x5tS256(peer) : null }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `https://localhost:${(server.address() as AddressInfo).port}/` };
}

describe('the TPP calls the AS and the bank over mTLS with its transport certificate, trusting only the sandbox CA', () => {
  let sandbox: TestPki;
  /** Another sandbox's certificates: its CA is not ours. */
  let other: TestPki;
  let transport: { certPem: string; keyPem: string; caPem: string };
  const servers: Server[] = [];

  beforeAll(async () => {
    [sandbox, other] = await Promise.all([TestPki.create(), TestPki.create()]);
    const { cert, key } = sandbox.clientCertificate('Acme TPP', 'FAPI Sandbox TPPs');
    transport = { certPem: cert, keyPem: key, caPem: sandbox.caPem };
  });
  afterAll(() => {
    servers.forEach((server) => server.close());
    [sandbox, other].forEach((pki) => pki.remove());
  });

  it('presents the transport certificate (the one a bound token carries as x5t#S256)', async () => {
    const { server, url } = await startServer(sandbox.certsDir);
    servers.push(server);
    const response = await mtlsFetch(transport)(url, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });
    expect(await response.json()).toEqual({ authorized: true, x5t: x5tS256(transport.certPem) });
  });

  it('refuses a server whose certificate another CA issued', async () => {
    const { server, url } = await startServer(other.certsDir);
    servers.push(server);
    const failure = await mtlsFetch(transport)(url, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });
});
