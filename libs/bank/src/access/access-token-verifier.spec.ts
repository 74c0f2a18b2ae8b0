import { ObError } from '@fapi/open-banking';
import { type TestCertificate, TestPki } from '@fapi/testing';
import { FakeAuthorizationServer } from '../testing/fake-authorization-server';
import { tppCertificates } from '../testing/tpp-certificates';
import { AccessTokenVerifier } from './access-token-verifier';

const BANK = 'https://bank.localhost:8444';

describe('access tokens are JWTs of the authorization server for the bank (verified against its JWKS over HTTPS)', () => {
  let pki: TestPki;
  let tppA: TestCertificate;
  let as: FakeAuthorizationServer;
  let verifier: AccessTokenVerifier;
  beforeAll(async () => {
    pki = await TestPki.create();
    ({ tppA } = tppCertificates(pki));
    as = await FakeAuthorizationServer.start(pki.server('authorization-server'));
    verifier = new AccessTokenVerifier({ issuer: as.issuer, audience: BANK, caPem: pki.caPem, isGrantRevoked: async (grantId) => grantId === 'revoked-grant' });
  });
  afterAll(async () => {
    await verifier.onApplicationShutdown();
    await as.stop();
    pki.remove();
  });

  it.each(['PS256', 'ES256'] as const)('accepts a valid %s token and returns its claims', async (alg) => {
    const claims = await verifier.verify(await as.token(BANK, tppA, { alg }));
    expect(claims).toMatchObject({ iss: as.issuer, aud: BANK, client_id: 'tpp-a', scope: 'openid accounts' });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['an expired token', { claims: { exp: now() - 60 } }],
    ['a token without exp', { claims: { exp: undefined } }],
    ['another audience', { claims: { aud: 'https://other-bank.localhost' } }],
    ['another issuer', { claims: { iss: 'https://evil.localhost' } }],
    ['no client_id', { claims: { client_id: undefined } }],
    ['RS256 (not PS256/ES256)', { alg: 'RS256' as const }],
    ['a key not in the JWKS (invalid signature)', { unknownKey: true }],
    ['typ JWT instead of at+jwt (e.g. an id_token)', { typ: 'JWT' }],
  ])('refuses %s with 401', async (_case, options) => {
    await expect(verifier.verify(await as.token(BANK, tppA, options))).rejects.toEqual(ObError.unauthorized());
  });

  it('refuses a token at its exp even when it accepted the same token before (a verification is reused only until then)', async () => {
    const token = await as.token(BANK, tppA, { claims: { exp: now() + 2 } });
    await expect(verifier.verify(token)).resolves.toMatchObject({ client_id: 'tpp-a' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ client_id: 'tpp-a' });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(verifier.verify(token)).rejects.toEqual(ObError.unauthorized());
  });

  it('checks the grant of a token it accepted before again on every request: a grant revoked since is refused at once', async () => {
    const revoked = new Set<string>();
    const revocable = new AccessTokenVerifier({ issuer: as.issuer, audience: BANK, caPem: pki.caPem, isGrantRevoked: async (grantId) => revoked.has(grantId) });
    try {
      const token = await as.token(BANK, tppA, { claims: { grant_id: 'grant-revoked-later' } });
      await expect(revocable.verify(token)).resolves.toMatchObject({ grant_id: 'grant-revoked-later' });
      revoked.add('grant-revoked-later');
      await expect(revocable.verify(token)).rejects.toEqual(ObError.unauthorized());
    } finally {
      await revocable.onApplicationShutdown();
    }
  });

  it('refuses a token of a grant the authorization server revoked with 401, and accepts one of a live grant', async () => {
    await expect(verifier.verify(await as.token(BANK, tppA, { claims: { grant_id: 'revoked-grant' } }))).rejects.toEqual(ObError.unauthorized());
    await expect(verifier.verify(await as.token(BANK, tppA, { claims: { grant_id: 'live-grant' } }))).resolves.toMatchObject({ grant_id: 'live-grant' });
  });

  it('does not refuse a valid token with 401 when the revoked-grant store fails (e.g. its database connection is lost): that is the bank’s own error, a 500', async () => {
    const lostConnection = new Error('terminating connection due to administrator command');
    const failingStore = new AccessTokenVerifier({ issuer: as.issuer, audience: BANK, caPem: pki.caPem, isGrantRevoked: () => Promise.reject(lostConnection) });
    try {
      await expect(failingStore.verify(await as.token(BANK, tppA, { claims: { grant_id: 'live-grant' } }))).rejects.toBe(lostConnection);
    } finally {
      await failingStore.onApplicationShutdown();
    }
  });

  it('refuses an unsigned (alg none) token and garbage with 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: as.issuer, aud: BANK, client_id: 'x', exp: now() + 60 })).toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.`)).rejects.toEqual(ObError.unauthorized());
    await expect(verifier.verify('not-a-jwt')).rejects.toEqual(ObError.unauthorized());
  });

  it('refuses a tampered token with 401', async () => {
    const [header, , signature] = (await as.token(BANK, tppA)).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: as.issuer, aud: BANK, client_id: 'tpp-b', exp: now() + 60 })).toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.${signature}`)).rejects.toEqual(ObError.unauthorized());
  });

  it('refuses every token when the JWKS cannot be fetched over a trusted connection', async () => {
    const anotherSandbox = await TestPki.create();
    const untrusting = new AccessTokenVerifier({ issuer: as.issuer, audience: BANK, caPem: anotherSandbox.caPem });
    try {
      await expect(untrusting.verify(await as.token(BANK, tppA))).rejects.toEqual(ObError.unauthorized());
    } finally {
      await untrusting.onApplicationShutdown();
      anotherSandbox.remove();
    }
  });
});
