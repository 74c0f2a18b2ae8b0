import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { sandbox, serviceEnvironment } from '../support/sandbox-state';

const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * Starts a built service with the running sandbox's database and NATS but only the given certificates folder; it must
 * stop at once, naming the file at fault.
 */
function start(app: string, certsDir: string) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'apps', app, 'dist', 'main.js')], {
    env: { ...serviceEnvironment(sandbox()), CERTS_DIR: certsDir, PORT: '0', TPP_ONBOARDED_DIR: sandbox().tppClientDir, TPP_URL: sandbox().tppUrl },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('a service refuses to start without valid certificates, naming the file', () => {
  it.each(['bank-api', 'authorization-server', 'tpp-client'])('%s with an empty certificates folder', (app) => {
    const empty = mkdtempSync(path.join(sandbox().workDir, 'no-certs-'));
    const run = start(app, empty);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain(`${path.join(empty, `${app}.pem`)}: missing`);
  });

  it('bank-api with an expired certificate', () => {
    const dir = mkdtempSync(path.join(sandbox().workDir, 'expired-certs-'));
    for (const file of ['ca.pem', 'bank-api.key']) copyFileSync(path.join(sandbox().certsDir, file), path.join(dir, file));
    const key = forge.pki.privateKeyFromPem(readFileSync(path.join(dir, 'bank-api.key'), 'utf8'));
    const expired = forge.pki.createCertificate();
    expired.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    expired.serialNumber = '01';
    expired.validity.notBefore = new Date('2024-01-01T00:00:00Z');
    expired.validity.notAfter = new Date('2024-02-01T00:00:00Z');
    expired.setSubject([{ name: 'commonName', value: 'bank-api' }]);
    expired.setIssuer([{ name: 'commonName', value: 'bank-api' }]);
    expired.sign(key, forge.md.sha256.create());
    writeFileSync(path.join(dir, 'bank-api.pem'), forge.pki.certificateToPem(expired));

    const run = start('bank-api', dir);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain(`${path.join(dir, 'bank-api.pem')}: expired on`);
  });
});
