import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { generateSandboxCertificates, issueClientCertificate, loadSandboxCa, loadTlsIdentity, x5tS256 } from '@fapi/pki';
import { mtlsFetch } from './mtls-fetch';

/** A sandbox CA with a bank server certificate, in a fresh temp folder. */
async function sandboxCertificates(): Promise<string> {
  const certsDir = mkdtempSync(path.join(tmpdir(), 'tpp-mtls-'));
  await generateSandboxCertificates({ outDir: certsDir });
  return certsDir;
}

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
  let sandboxDir: string;
  let otherDir: string;
  let transport: { certPem: string; keyPem: string; caPem: string };
  const servers: Server[] = [];

  beforeAll(async () => {
    [sandboxDir, otherDir] = await Promise.all([sandboxCertificates(), sandboxCertificates()]);
    const issued = issueClientCertificate(loadSandboxCa(sandboxDir), { commonName: 'Acme TPP', organization: 'FAPI Sandbox TPPs', validityDays: 30 });
    transport = { ...issued, caPem: loadTlsIdentity(sandboxDir, 'bank-api').ca };
  });
  afterAll(() => servers.forEach((server) => server.close()));

  it('presents the transport certificate (the one a bound token carries as x5t#S256)', async () => {
    const { server, url } = await startServer(sandboxDir);
    servers.push(server);
    const response = await mtlsFetch(transport)(url, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });
    expect(await response.json()).toEqual({ authorized: true, x5t: x5tS256(transport.certPem) });
  });

  it('refuses a server whose certificate another CA issued', async () => {
    const { server, url } = await startServer(otherDir);
    servers.push(server);
    const failure = await mtlsFetch(transport)(url, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });
});
