import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnosis } from '@fapi/diagnostics';
import { createCaCertificate, generateSigningJwk, issueClientCertificate, loadSandboxCa, type SandboxCa } from '@fapi/pki';
import { freePort } from '@fapi/testing';
import { onboardFintech } from '../support/onboarding';
import { sandbox } from '../support/sandbox-state';

const repoRoot = path.resolve(__dirname, '../../../..');
const DAY_MS = 24 * 3600 * 1000;

/** `npm run diagnose -- --client DIR ...` as a developer runs it: what it printed and its exit code. */
function diagnose(folder: string, ...options: string[]): { lines: string[]; exitCode: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'libs/diagnostics/dist/cli/diagnose.js'), '--client', folder, ...options], { encoding: 'utf8' });
  return { lines: run.stdout.split('\n'), exitCode: run.status, stdout: run.stdout };
}

const readJson = (folder: string, file: string) => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
const writeJson = (folder: string, file: string, value: unknown) => writeFileSync(path.join(folder, file), JSON.stringify(value, null, 2));

/** A copy of an onboarded folder to break one thing in. */
function copyOf(folder: string): string {
  const copy = path.join(mkdtempSync(path.join(sandbox().workDir, 'diagnosed-')), 'tpp');
  cpSync(folder, copy, { recursive: true });
  return copy;
}

/** Replaces the folder's transport certificate (and key) with one `ca` issues. */
function replaceTransportCertificate(folder: string, ca: SandboxCa, commonName: string, now = new Date()): void {
  const { certPem, keyPem } = issueClientCertificate(ca, { commonName, organization: 'FAPI Sandbox TPP', validityDays: 1, now });
  writeFileSync(path.join(folder, 'transport.pem'), certPem);
  writeFileSync(path.join(folder, 'transport.key'), keyPem);
}

/** Another sandbox's CA: the same name as ours, another key. */
function throwawayCa(): SandboxCa {
  const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem: createCaCertificate(keyPem), keyPem };
}

describe('a fintech developer diagnoses an onboarded folder against the running sandbox', () => {
  let keyClient: string;
  let certificateClient: string;
  const clientIdOf = (folder: string) => readJson(folder, 'client.json').clientId as string;

  beforeAll(() => {
    keyClient = onboardFintech('Diagnosed Fintech', ['--redirect-uri', 'https://diagnosed.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm']);
    certificateClient = onboardFintech('Diagnosed Certificate Fintech', ['--redirect-uri', 'https://diagnosed.example/callback', '--auth-method', 'tls_client_auth', '--response-style', 'hybrid', '--alg', 'ES256']);
  });

  afterAll(() => {
    for (const folder of [keyClient, certificateClient]) rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it.each([
    ['FAPI 1.0 private_key_jwt + JARM', () => keyClient],
    ['FAPI 1.0 tls_client_auth + hybrid', () => certificateClient],
    ['FAPI 2.0 private_key_jwt, DPoP-bound, unsigned', () => onboardFintech('Diagnosed DPoP Fintech', ['--redirect-uri', 'https://diagnosed.example/callback', '--profile', 'fapi2', '--auth-method', 'private_key_jwt', '--sender-constraint', 'dpop', '--request-object', 'unsigned'])],
    ['FAPI 2.0 tls_client_auth, mTLS-bound, signed', () => onboardFintech('Diagnosed mTLS Fintech', ['--redirect-uri', 'https://diagnosed.example/callback', '--profile', 'fapi2', '--auth-method', 'tls_client_auth'])],
  ])('a healthy %s folder: every check passes, one ✓ line each, exit 0', (_kind, folderOf) => {
    const folder = folderOf();
    const { certsDir, issuer, bankUrl } = sandbox();
    const clientId = clientIdOf(folder);

    const { lines, exitCode, stdout } = diagnose(folder, '--certs', certsDir);

    expect({ exitCode, stdout }).toEqual({ exitCode: 0, stdout: expect.stringContaining('No problem found.') });
    const checks = lines.filter((line) => /^[✓✗!–] /.test(line));
    expect(checks.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(checks).toHaveLength(11);
    expect(lines).toEqual(
      expect.arrayContaining([
        `✓ ca.pem is the sandbox's CA (${certsDir}/ca.pem)`,
        `✓ the authorization server answers at ${issuer} (TLS verified with ca.pem)`,
        `✓ the bank answers at ${bankUrl} (TLS verified with ca.pem)`,
        `✓ client ${clientId} is registered at ${issuer}`,
        `✓ redirect URI https://diagnosed.example/callback is registered for client ${clientId}`,
      ]),
    );
  });

  it('an expired transport certificate', () => {
    const folder = copyOf(keyClient);
    const issuedAt = new Date(Date.now() - 3 * DAY_MS);
    replaceTransportCertificate(folder, loadSandboxCa(sandbox().certsDir), 'Diagnosed Fintech', issuedAt);

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines).toContain(`✗ transport.pem expired on ${new Date(issuedAt.getTime() + DAY_MS).toISOString().slice(0, 10)}`);
    expect(lines).toContain('    → onboard again (npm run onboard) for a new transport certificate');
    expect(lines).toContain('– the token endpoint authenticates the client: not checked (it needs: transport.pem is valid today)');
  });

  it('a transport certificate of another CA than the one in ca.pem', () => {
    const folder = copyOf(certificateClient);
    replaceTransportCertificate(folder, throwawayCa(), 'Diagnosed Certificate Fintech');

    const { lines, exitCode } = diagnose(folder, '--certs', sandbox().certsDir);

    expect(exitCode).toBe(1);
    expect(lines).toContain('✗ transport.pem is not issued by the CA in ca.pem (it names the issuer CN=FAPI Sandbox CA,O=FAPI Sandbox,C=GB, but that CA did not sign it)');
    expect(lines).toContain(`✗ transport.pem is not issued by the sandbox's CA (${sandbox().certsDir}/ca.pem)`);
  });

  it('a folder onboarded at another sandbox: its ca.pem is not the running sandbox’s CA', () => {
    const folder = copyOf(keyClient);
    const otherSandbox = throwawayCa();
    writeFileSync(path.join(folder, 'ca.pem'), otherSandbox.certPem);
    replaceTransportCertificate(folder, otherSandbox, 'Diagnosed Fintech');
    const { certsDir, issuer } = sandbox();

    const { lines, exitCode } = diagnose(folder, '--certs', certsDir);

    expect(exitCode).toBe(1);
    expect(lines).toContain(`✗ ca.pem is not the sandbox's CA (${certsDir}/ca.pem): the sandbox made new certificates since you onboarded`);
    expect(lines).toContain(
      `✗ the authorization server cannot be reached at ${issuer}/.well-known/openid-configuration: TLS failed: the server's certificate is not issued by the CA in ca.pem (SELF_SIGNED_CERT_IN_CHAIN)`,
    );
  });

  it('a tls_client_auth client presenting a certificate of the sandbox CA that is not the registered one', () => {
    const folder = copyOf(certificateClient);
    replaceTransportCertificate(folder, loadSandboxCa(sandbox().certsDir), 'Someone Else');

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines).toContain(
      `✗ the token endpoint refused transport.pem as client ${clientIdOf(folder)}'s certificate: its subject CN=Someone Else,O=FAPI Sandbox TPP,C=GB is not the registered tls_client_auth_subject_dn`,
    );
  });

  const refusedRequestObject = (kid: string, clientId: string) =>
    expect.stringMatching(new RegExp(`^✗ signing key ${kid} \\(signing\\.jwk\\.json\\) is not in client ${clientId}'s registered JWKS: PAR refused a request object signed with it \\(HTTP 400 invalid_request_object`));

  it.each([
    ['private_key_jwt: its client assertions', () => keyClient, (kid: string, clientId: string) => `✗ signing key ${kid} (signing.jwk.json) is not in client ${clientId}'s registered JWKS: the token endpoint refused an assertion signed with it`],
    ['tls_client_auth: its request objects', () => certificateClient, refusedRequestObject],
    [
      'FAPI 2.0 tls_client_auth pushing plain parameters: the key of its payment signatures',
      () => onboardFintech('Diagnosed Unsigned Fintech', ['--redirect-uri', 'https://diagnosed.example/callback', '--profile', 'fapi2', '--auth-method', 'tls_client_auth', '--request-object', 'unsigned']),
      refusedRequestObject,
    ],
  ])('a signing key that is not the registered one (%s)', async (_kind, folderOf, expectedLine) => {
    const folder = copyOf(folderOf());
    const { signingKid, signingAlg } = readJson(folder, 'client.json');
    writeJson(folder, 'signing.jwk.json', { ...(await generateSigningJwk(signingAlg)), kid: signingKid });

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines).toContainEqual(expectedLine(signingKid, clientIdOf(folder)));
  });

  it('a redirect URI in client.json that was never registered', () => {
    const folder = copyOf(keyClient);
    const client = readJson(folder, 'client.json');
    writeJson(folder, 'client.json', { ...client, redirectUris: [...client.redirectUris, 'https://diagnosed.example/elsewhere'] });

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines).toContain(`✓ redirect URI https://diagnosed.example/callback is registered for client ${client.clientId}`);
    const refused = `✗ redirect URI https://diagnosed.example/elsewhere (client.json) is not registered for client ${client.clientId}: PAR answered HTTP 400 invalid_request: redirect_uri did not match any of the client's registered redirect_uris; `;
    // the AS's answer names the rule it refused by (issue 10), and the diagnosis repeats it
    expect(lines.find((line) => line.startsWith(refused))).toMatch(/\(rule fapi1\.authorization\.registered-redirect-uri\)$/);
    expect(lines).toContain('    → use the redirect URIs you onboarded with, or onboard again with --redirect-uri https://diagnosed.example/elsewhere');
  });

  it('a client the sandbox does not know (its data was reset)', () => {
    const folder = copyOf(keyClient);
    writeJson(folder, 'client.json', { ...readJson(folder, 'client.json'), clientId: 'forgotten-client' });

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines).toContain(`✗ client forgotten-client is not registered at ${sandbox().issuer}: the sandbox's data was reset, or this folder was onboarded at another sandbox`);
  });

  it('an authorization server and a bank nobody listens for: which URL, what happened, and the checks that needed them skipped', async () => {
    const folder = copyOf(keyClient);
    const [asPort, bankPort] = [await freePort(), await freePort()];
    writeJson(folder, 'client.json', { ...readJson(folder, 'client.json'), issuer: `https://localhost:${asPort}`, bankUrl: `https://localhost:${bankPort}` });

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines).toContain(`✗ the authorization server cannot be reached at https://localhost:${asPort}/.well-known/openid-configuration: connection refused at localhost:${asPort}`);
    expect(lines).toContain(`✗ the bank cannot be reached at https://localhost:${bankPort}/jwks: connection refused at localhost:${bankPort}`);
    expect(lines).toContain('    → start the sandbox (npm start), or check the URL in client.json (issuer, bankUrl)');
    expect(lines).toContain("– this machine's clock agrees with the sandbox's: not checked (it needs: the authorization server answers)");
    expect(lines).toContain("– client.json's redirect URIs are registered: not checked (it needs: signing.jwk.json is in the client's registered JWKS)");
  });

  it('a folder missing a file: the file named, nothing else checked', () => {
    const folder = copyOf(keyClient);
    rmSync(path.join(folder, 'transport.key'));

    const { lines, exitCode } = diagnose(folder);

    expect(exitCode).toBe(1);
    expect(lines[0]).toBe(`✗ ${folder}/transport.key: missing`);
    expect(lines.filter((line) => line.startsWith('– '))).toHaveLength(10);
  });

  it('--json gives tools the same findings', () => {
    const folder = copyOf(keyClient);
    writeJson(folder, 'client.json', { ...readJson(folder, 'client.json'), clientId: 'forgotten-client' });

    const { stdout, exitCode } = diagnose(folder, '--json');
    const diagnosis = JSON.parse(stdout) as Diagnosis;

    expect(exitCode).toBe(1);
    expect(diagnosis).toMatchObject({ folder, healthy: false });
    expect(diagnosis.findings.find(({ check }) => check === 'client-registered')).toEqual({
      check: 'client-registered',
      status: 'problem',
      summary: `client forgotten-client is not registered at ${sandbox().issuer}: the sandbox's data was reset, or this folder was onboarded at another sandbox`,
      fix: 'onboard again (npm run onboard)',
    });
  });
});
