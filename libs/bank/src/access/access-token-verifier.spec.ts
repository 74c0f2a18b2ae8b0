import { ObError } from '@fapi/open-banking';
import { FakeAuthorizationServer } from '../testing/fake-authorization-server';
import { createTestPki } from '../testing/test-pki';
import { AccessTokenVerifier } from './access-token-verifier';

const BANK = 'https://bank.localhost:8444';

describe('access tokens are JWTs of the authorization server for the bank (verified against its JWKS over HTTPS)', () => {
  const pki = createTestPki();
  let as: FakeAuthorizationServer;
  let verifier: AccessTokenVerifier;
  beforeAll(async () => {
    as = await FakeAuthorizationServer.start(pki.authorizationServer);
    verifier = new AccessTokenVerifier({ issuer: as.issuer, audience: BANK, caPem: pki.caPem, isGrantRevoked: async (grantId) => grantId === 'revoked-grant' });
  });
  afterAll(async () => {
    await verifier.onApplicationShutdown();
    await as.stop();
  });

  it.each(['PS256', 'ES256'] as const)('accepts a valid %s token and returns its claims', async (alg) => {
    const claims = await verifier.verify(await as.token(BANK, pki.tppA, { alg }));
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
    await expect(verifier.verify(await as.token(BANK, pki.tppA, options))).rejects.toEqual(ObError.unauthorized());
  });

  it('refuses a token of a grant the authorization server revoked with 401, and accepts one of a live grant', async () => {
    await expect(verifier.verify(await as.token(BANK, pki.tppA, { claims: { grant_id: 'revoked-grant' } }))).rejects.toEqual(ObError.unauthorized());
    await expect(verifier.verify(await as.token(BANK, pki.tppA, { claims: { grant_id: 'live-grant' } }))).resolves.toMatchObject({ grant_id: 'live-grant' });
  });

  it('refuses an unsigned (alg none) token and garbage with 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: as.issuer, aud: BANK, client_id: 'x', exp: now() + 60 })).toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.`)).rejects.toEqual(ObError.unauthorized());
    await expect(verifier.verify('not-a-jwt')).rejects.toEqual(ObError.unauthorized());
  });

  it('refuses a tampered token with 401', async () => {
    const [header, , signature] = (await as.token(BANK, pki.tppA)).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: as.issuer, aud: BANK, client_id: 'tpp-b', exp: now() + 60 })).toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.${signature}`)).rejects.toEqual(ObError.unauthorized());
  });

  it('refuses every token when the JWKS cannot be fetched over a trusted connection', async () => {
    const untrusting = new AccessTokenVerifier({ issuer: as.issuer, audience: BANK, caPem: createTestPki().caPem });
    try {
      await expect(untrusting.verify(await as.token(BANK, pki.tppA))).rejects.toEqual(ObError.unauthorized());
    } finally {
      await untrusting.onApplicationShutdown();
    }
  });
});
