import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestPki } from '@fapi/testing';
import { loadProviderMaterial } from './provider-material';

// Setting up makes RSA keys and databases: give it room on a loaded CI machine.
jest.setTimeout(60_000);

describe('the provider material comes from the certs folder, the same for every instance', () => {
  let pki: TestPki;

  beforeAll(async () => {
    pki = await TestPki.create();
  });
  afterAll(() => pki.remove());

  it('reads the signing JWKS and the registration token', () => {
    const material = loadProviderMaterial(pki.certsDir);
    expect(material.registrationToken).toBe(pki.registrationToken);
    expect(material.jwks.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'PS256']);
  });

  it('cookie keys are derived from the registration token: two loads (two instances) agree and they are not the token itself', () => {
    const first = loadProviderMaterial(pki.certsDir).cookieKeys;
    expect(loadProviderMaterial(pki.certsDir).cookieKeys).toEqual(first);
    expect(first).toHaveLength(1);
    expect(first[0]).not.toContain(pki.registrationToken);
  });

  it('the DPoP nonce secret is 32 bytes derived from the registration token: two instances agree, unlike the cookie key', () => {
    const first = loadProviderMaterial(pki.certsDir);
    expect(loadProviderMaterial(pki.certsDir).dpopNonceSecret.equals(first.dpopNonceSecret)).toBe(true);
    expect(first.dpopNonceSecret).toHaveLength(32);
    expect(first.dpopNonceSecret.toString('base64url')).not.toBe(first.cookieKeys[0]);
  });

  it('cookie.secret, when present, is the cookie key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'as-material-'));
    for (const file of ['as-signing.jwks.json', 'registration.token']) {
      copyFileSync(path.join(pki.certsDir, file), path.join(dir, file));
    }
    writeFileSync(path.join(dir, 'cookie.secret'), 'a-rotated-cookie-secret\n');
    expect(loadProviderMaterial(dir).cookieKeys).toEqual(['a-rotated-cookie-secret']);
  });

  it('names the missing file', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'as-material-'));
    expect(() => loadProviderMaterial(empty)).toThrow(path.join(empty, 'registration.token'));
  });
});
