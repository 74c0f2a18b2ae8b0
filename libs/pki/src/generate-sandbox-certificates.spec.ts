import { createPrivateKey, X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import forge from 'node-forge';
import { generateSandboxCertificates, type GenerationReport } from './generate-sandbox-certificates';
import { issueServerCertificate } from './issue-certificate';
import { loadSandboxCa } from './sandbox-ca';
import { SERVER_IDENTITIES } from './sandbox-files';
import { publicJwk, readAsSigningJwks, readBankSigningJwks } from './signing-keys';
import { CertificateProblem, loadTlsIdentity } from './tls-identity';

const DAY_MS = 24 * 3600 * 1000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ALL_FILES = [
  'ca.key',
  'ca.pem',
  'authorization-server.key',
  'authorization-server.pem',
  'bank-api.key',
  'bank-api.pem',
  'tpp-client.key',
  'tpp-client.pem',
  'as-signing.jwks.json',
  'bank-signing.jwks.json',
  'registration.token',
];

const temporaryDirs: string[] = [];
const temporaryDir = () => {
  temporaryDirs.push(mkdtempSync(path.join(tmpdir(), 'pki-certs-')));
  return temporaryDirs[temporaryDirs.length - 1];
};
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const read = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');
const outcomes = (report: GenerationReport) => Object.fromEntries(report.files.map((f) => [path.basename(f.file), f.outcome]));
const reasonFor = (report: GenerationReport, name: string) => report.files.find((f) => path.basename(f.file) === name)?.reason;
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, read(dir, name)]));

function copyOf(dir: string): string {
  const copy = temporaryDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('the sandbox certs folder is generated once and renewed only where needed', () => {
  let outDir: string;
  let first: GenerationReport;

  beforeAll(async () => {
    outDir = temporaryDir();
    first = await generateSandboxCertificates({ outDir });
  });

  it('a first run creates exactly the files of the certificates folder', () => {
    expect(first.files.map((f) => path.basename(f.file))).toEqual(ALL_FILES);
    expect(first.files.every((f) => f.outcome === 'created')).toBe(true);
    expect(readdirSync(outDir).sort()).toEqual([...ALL_FILES].sort());
  });

  it('keys, the signing JWKSs and the registration token are readable by their owner only', () => {
    for (const name of ALL_FILES) {
      const secret = !name.endsWith('.pem');
      expect([name, statSync(path.join(outDir, name)).mode & 0o777]).toEqual([name, secret ? 0o600 : 0o644]);
    }
  });

  it('the CA is a CA that may sign certificates, valid for ten years', () => {
    const ca = forge.pki.certificateFromPem(read(outDir, 'ca.pem'));
    expect(ca.getExtension('basicConstraints')).toMatchObject({ cA: true, critical: true });
    expect(ca.getExtension('keyUsage')).toMatchObject({ keyCertSign: true });
    const years = (ca.validity.notAfter.getTime() - ca.validity.notBefore.getTime()) / (365 * DAY_MS);
    expect(Math.round(years)).toBe(10);
    expect((ca.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBeGreaterThanOrEqual(2048);
  });

  it.each(SERVER_IDENTITIES)('%s.pem chains to the CA, names localhost, its service, 127.0.0.1 and ::1, for server and client use', (name) => {
    const ca = new X509Certificate(read(outDir, 'ca.pem'));
    const cert = new X509Certificate(read(outDir, `${name}.pem`));
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe(`DNS:localhost, DNS:${name}, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`);
    expect(cert.keyUsage.sort()).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    expect(cert.checkPrivateKey(createPrivateKey(read(outDir, `${name}.key`)))).toBe(true);
  });

  it('services load their TLS identity from the output', () => {
    for (const name of SERVER_IDENTITIES) {
      expect(loadTlsIdentity(outDir, name)).toEqual({ cert: read(outDir, `${name}.pem`), key: read(outDir, `${name}.key`), ca: read(outDir, 'ca.pem') });
    }
  });

  it('the AS signing JWKS holds an RSA 2048 PS256 key and a P-256 ES256 key, each with its RFC 7638 thumbprint as kid', async () => {
    const { keys } = JSON.parse(read(outDir, 'as-signing.jwks.json')) as { keys: JWK[] };
    expect(keys.map((k) => [k.alg, k.kty, k.crv, k.use])).toEqual([
      ['PS256', 'RSA', undefined, 'sig'],
      ['ES256', 'EC', 'P-256', 'sig'],
    ]);
    for (const key of keys) {
      expect(key.d).toBeDefined();
      expect(key.kid).toBe(await calculateJwkThumbprint(key));
    }
    expect(Buffer.from(keys[0].n!, 'base64url').length * 8).toBe(2048);
  });

  it('the bank signing JWKS holds one RSA 2048 PS256 key for OB message signing, with its RFC 7638 thumbprint as kid', async () => {
    const { keys } = JSON.parse(read(outDir, 'bank-signing.jwks.json')) as { keys: JWK[] };
    expect(keys.map((k) => [k.alg, k.kty, k.use])).toEqual([['PS256', 'RSA', 'sig']]);
    expect(keys[0].d).toBeDefined();
    expect(keys[0].kid).toBe(await calculateJwkThumbprint(keys[0]));
    expect(Buffer.from(keys[0].n!, 'base64url').length * 8).toBe(2048);
  });

  it('the bank and the authorization server sign with different keys', () => {
    const kids = (name: string) => (JSON.parse(read(outDir, name)) as { keys: JWK[] }).keys.map((k) => k.kid);
    expect(kids('bank-signing.jwks.json').filter((kid) => kids('as-signing.jwks.json').includes(kid))).toEqual([]);
  });

  it('services read their signing JWKS from the output', () => {
    expect(readAsSigningJwks(outDir)).toEqual(JSON.parse(read(outDir, 'as-signing.jwks.json')));
    expect(readBankSigningJwks(outDir)).toEqual(JSON.parse(read(outDir, 'bank-signing.jwks.json')));
  });

  it('the registration token is 32 random bytes, base64url', () => {
    expect(Buffer.from(read(outDir, 'registration.token'), 'base64url')).toHaveLength(32);
    expect(read(outDir, 'registration.token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('a second run changes nothing', async () => {
    const before = snapshot(outDir);
    const second = await generateSandboxCertificates({ outDir });
    expect(second.files.every((f) => f.outcome === 'kept')).toBe(true);
    expect(snapshot(outDir)).toEqual(before);
  });

  it('with public hosts, each server certificate names its own hosts after localhost and its service, and no other service’s', async () => {
    const dir = copyOf(outDir);
    const publicHosts = {
      'authorization-server': ['auth.sandbox.example.com'],
      'bank-api': ['bank.sandbox.example.com', 'bank.example.net'],
      'tpp-client': ['fintech.sandbox.example.com'],
    };

    const report = await generateSandboxCertificates({ outDir: dir, publicHosts });

    expect(report.files.filter((f) => f.outcome !== 'kept').map((f) => [path.basename(f.file), f.outcome, f.reason])).toEqual([
      ['authorization-server.pem', 'renewed', 'does not name auth.sandbox.example.com'],
      ['bank-api.pem', 'renewed', 'does not name bank.sandbox.example.com, bank.example.net'],
      ['tpp-client.pem', 'renewed', 'does not name fintech.sandbox.example.com'],
    ]);
    const sans = Object.fromEntries(SERVER_IDENTITIES.map((name) => [name, new X509Certificate(read(dir, `${name}.pem`)).subjectAltName]));
    expect(sans).toEqual({
      'authorization-server': 'DNS:localhost, DNS:authorization-server, DNS:auth.sandbox.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
      'bank-api': 'DNS:localhost, DNS:bank-api, DNS:bank.sandbox.example.com, DNS:bank.example.net, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
      'tpp-client': 'DNS:localhost, DNS:tpp-client, DNS:fintech.sandbox.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    });
    expect(() => loadTlsIdentity(dir, 'bank-api')).not.toThrow();
  });

  it('a certificate that names the hosts asked for is kept, and asking for fewer hosts keeps it too', async () => {
    const dir = copyOf(outDir);
    await generateSandboxCertificates({ outDir: dir, publicHosts: { 'bank-api': ['bank.sandbox.example.com'] } });
    const before = snapshot(dir);

    const again = await generateSandboxCertificates({ outDir: dir, publicHosts: { 'bank-api': ['bank.sandbox.example.com'] } });
    const withoutHosts = await generateSandboxCertificates({ outDir: dir });

    expect([again, withoutHosts].flatMap((report) => report.files).every((f) => f.outcome === 'kept')).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a host added later renews only that service’s certificate, with its key kept', async () => {
    const dir = copyOf(outDir);
    await generateSandboxCertificates({ outDir: dir, publicHosts: { 'bank-api': ['bank.sandbox.example.com'] } });
    const before = snapshot(dir);

    const report = await generateSandboxCertificates({ outDir: dir, publicHosts: { 'bank-api': ['bank.sandbox.example.com', 'api.bank.example.net'] } });

    expect(outcomes(report)).toEqual({ ...Object.fromEntries(ALL_FILES.map((name) => [name, 'kept'])), 'bank-api.pem': 'renewed' });
    expect(reasonFor(report, 'bank-api.pem')).toBe('does not name api.bank.example.net');
    expect(read(dir, 'bank-api.key')).toBe(before['bank-api.key']);
    expect(new X509Certificate(read(dir, 'bank-api.pem')).checkHost('api.bank.example.net')).toBe('api.bank.example.net');
  });

  it('a server certificate expiring within the renewal window is renewed, with its key, and the others kept', async () => {
    const dir = copyOf(outDir);
    const now = new Date();
    const ca = loadSandboxCa(dir);
    writeFileSync(path.join(dir, 'bank-api.pem'), issueServerCertificate(ca, 'bank-api', read(dir, 'bank-api.key'), new Date(now.getTime() - 350 * DAY_MS)));
    const before = snapshot(dir);

    const report = await generateSandboxCertificates({ outDir: dir, now, renewWithinDays: 30 });

    expect(outcomes(report)).toEqual({ ...Object.fromEntries(ALL_FILES.map((name) => [name, 'kept'])), 'bank-api.pem': 'renewed' });
    expect(reasonFor(report, 'bank-api.pem')).toMatch(/within 30 days/);
    const after = snapshot(dir);
    expect(after).toEqual({ ...before, 'bank-api.pem': after['bank-api.pem'] });
    expect(after['bank-api.pem']).not.toBe(before['bank-api.pem']);
    expect(new Date(new X509Certificate(after['bank-api.pem']).validTo).getTime()).toBeGreaterThan(now.getTime() + 300 * DAY_MS);
  });

  it('an expired server certificate is renewed', async () => {
    const dir = copyOf(outDir);
    const now = new Date();
    writeFileSync(path.join(dir, 'tpp-client.pem'), issueServerCertificate(loadSandboxCa(dir), 'tpp-client', read(dir, 'tpp-client.key'), new Date(now.getTime() - 400 * DAY_MS)));

    const report = await generateSandboxCertificates({ outDir: dir, now });

    expect(outcomes(report)['tpp-client.pem']).toBe('renewed');
    expect(reasonFor(report, 'tpp-client.pem')).toMatch(/^expired on /);
  });

  it('a server certificate not issued by the current CA is renewed', async () => {
    const dir = copyOf(outDir);
    const otherCa = temporaryDir();
    await generateSandboxCertificates({ outDir: otherCa });
    cpSync(path.join(otherCa, 'authorization-server.pem'), path.join(dir, 'authorization-server.pem'));
    cpSync(path.join(otherCa, 'authorization-server.key'), path.join(dir, 'authorization-server.key'));

    const report = await generateSandboxCertificates({ outDir: dir });

    expect(outcomes(report)['authorization-server.pem']).toBe('renewed');
    expect(reasonFor(report, 'authorization-server.pem')).toBe('not issued by the current CA');
    expect(outcomes(report)['authorization-server.key']).toBe('kept');
  });

  it('a renewed CA re-issues every server certificate and keeps the service keys', async () => {
    const dir = copyOf(outDir);
    rmSync(path.join(dir, 'ca.pem'));
    rmSync(path.join(dir, 'ca.key'));

    const report = await generateSandboxCertificates({ outDir: dir });

    expect(outcomes(report)).toMatchObject({
      'ca.key': 'created',
      'ca.pem': 'created',
      'as-signing.jwks.json': 'kept',
      'bank-signing.jwks.json': 'kept',
      'registration.token': 'kept',
    });
    for (const name of SERVER_IDENTITIES) {
      expect([outcomes(report)[`${name}.key`], outcomes(report)[`${name}.pem`], reasonFor(report, `${name}.pem`)]).toEqual(['kept', 'renewed', 'the CA was renewed']);
      expect(new X509Certificate(read(dir, `${name}.pem`)).checkIssued(new X509Certificate(read(dir, 'ca.pem')))).toBe(true);
    }
  });

  it('an unreadable key, JWKS or token is replaced, and the certificate of a replaced key re-issued', async () => {
    const dir = copyOf(outDir);
    for (const name of ['bank-api.key', 'as-signing.jwks.json', 'bank-signing.jwks.json', 'registration.token']) writeFileSync(path.join(dir, name), 'garbage');

    const report = await generateSandboxCertificates({ outDir: dir });

    expect(outcomes(report)).toMatchObject({
      'bank-api.key': 'renewed',
      'bank-api.pem': 'renewed',
      'as-signing.jwks.json': 'renewed',
      'bank-signing.jwks.json': 'renewed',
      'registration.token': 'renewed',
      'tpp-client.pem': 'kept',
    });
    expect(reasonFor(report, 'bank-api.pem')).toBe('does not match its key');
    expect(reasonFor(report, 'bank-signing.jwks.json')).toBe('not a JWKS with a PS256 RSA private key');
    expect(() => loadTlsIdentity(dir, 'bank-api')).not.toThrow();
    expect(() => readBankSigningJwks(dir)).not.toThrow();
  });

  it('a bank signing JWKS without a usable PS256 private key is replaced', async () => {
    const dir = copyOf(outDir);
    const { keys } = JSON.parse(read(dir, 'bank-signing.jwks.json')) as { keys: JWK[] };
    writeFileSync(path.join(dir, 'bank-signing.jwks.json'), JSON.stringify({ keys: keys.map(publicJwk) }));

    const report = await generateSandboxCertificates({ outDir: dir });

    expect(outcomes(report)['bank-signing.jwks.json']).toBe('renewed');
    expect(readBankSigningJwks(dir).keys[0].kid).not.toBe(keys[0].kid);
  });

  it('reading a missing or unusable bank signing JWKS names the file', () => {
    const dir = copyOf(outDir);
    const file = path.join(dir, 'bank-signing.jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [] }));
    expect(() => readBankSigningJwks(dir)).toThrow(new CertificateProblem(file, 'not a JWKS with a PS256 RSA private key'));
    rmSync(file);
    expect(() => readBankSigningJwks(dir)).toThrow(new CertificateProblem(file, 'missing'));
  });

  it('loading the CA to issue with names its missing key', () => {
    const dir = copyOf(outDir);
    rmSync(path.join(dir, 'ca.key'));
    expect(() => loadSandboxCa(dir)).toThrow(new CertificateProblem(path.join(dir, 'ca.key'), 'missing'));
  });
});
