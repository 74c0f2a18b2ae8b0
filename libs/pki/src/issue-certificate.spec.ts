import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { subjectDn } from './certificate-facts';
import { generateSandboxCertificates } from './generate-sandbox-certificates';
import { issueClientCertificate, type IssuedCertificate } from './issue-certificate';
import { loadSandboxCa } from './sandbox-ca';
import { loadTlsIdentity, type TlsIdentity } from './tls-identity';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function selfSignedClient(): IssuedCertificate {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const name = [{ name: 'commonName', value: 'Impostor TPP' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'extKeyUsage', clientAuth: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

describe('client certificates issued by the sandbox CA', () => {
  let certsDir: string;

  beforeAll(async () => {
    certsDir = mkdtempSync(path.join(tmpdir(), 'pki-client-'));
    await generateSandboxCertificates({ outDir: certsDir });
  });

  afterAll(() => rmSync(certsDir, { recursive: true, force: true }));

  it('is for client use only, with the requested subject, a fresh RSA 2048 key and a random serial', () => {
    const ca = loadSandboxCa(certsDir);
    const request = { commonName: 'Acme Budgeting', organization: 'FAPI Sandbox TPP', validityDays: 365 };
    const [first, second] = [issueClientCertificate(ca, request), issueClientCertificate(ca, request)];
    const cert = new X509Certificate(first.certPem);
    expect(subjectDn(cert)).toBe('CN=Acme Budgeting,O=FAPI Sandbox TPP,C=GB');
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.serialNumber).not.toBe(new X509Certificate(second.certPem).serialNumber);
    expect(first.keyPem).not.toBe(second.keyPem);
  });

  describe('over mTLS against a service requesting client certificates', () => {
    let server: https.Server;
    let port: number;
    let identity: TlsIdentity;

    beforeAll(async () => {
      identity = loadTlsIdentity(certsDir, 'bank-api');
      server = https.createServer({ ...identity, requestCert: true, rejectUnauthorized: false }, (req, res) => {
        const socket = req.socket as import('node:tls').TLSSocket;
        res.end(JSON.stringify({ authorized: socket.authorized, subject: socket.getPeerCertificate().subject?.CN }));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    function callAs(client: IssuedCertificate): Promise<{ authorized: boolean; subject: string }> {
      return new Promise((resolve, reject) => {
        const request = https.request(
          { host: '127.0.0.1', port, path: '/', ca: identity.ca, cert: client.certPem, key: client.keyPem, agent: false },
          (response) => {
            let body = '';
            response.on('data', (chunk) => (body += chunk));
            response.on('end', () => resolve(JSON.parse(body)));
          },
        );
        request.on('error', reject);
        request.end();
      });
    }

    it('a client certificate from the sandbox CA is authorized', async () => {
      const client = issueClientCertificate(loadSandboxCa(certsDir), { commonName: 'Acme Budgeting', organization: 'FAPI Sandbox TPP', validityDays: 1 });
      await expect(callAs(client)).resolves.toEqual({ authorized: true, subject: 'Acme Budgeting' });
    });

    it('a self-signed client certificate not from the sandbox CA is not authorized', async () => {
      await expect(callAs(selfSignedClient())).resolves.toEqual({ authorized: false, subject: 'Impostor TPP' });
    });
  });
});
