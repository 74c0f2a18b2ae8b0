import { decodeJwt } from 'jose';
import type { Browser } from '@fapi/testing';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import { PSU } from './testing/fake-bank-customers';
import { authoriseWithParAndJarm } from './testing/psu-journey';
import type { TestTpp } from './testing/test-tpp';

jest.setTimeout(60_000);

describe('userinfo (OIDC Core 5.3) with certificate-bound tokens', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_userinfo');
  let tpp: TestTpp;
  let browser: Browser;
  let tokens: Record<string, unknown>;

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    browser = server.browser();
    const consent = server.createConsent(tpp.clientId);
    const { code, verifier } = await authoriseWithParAndJarm(server, tpp, browser, consent.consentId);
    tokens = (await tpp.token({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri, code_verifier: verifier })).json;
  });

  afterAll(async () => {
    await browser?.close();
    await tpp?.connection.close();
    await server.stop();
  });

  const userinfo = (accessToken: string) => tpp.connection.request('/me', { headers: { authorization: `Bearer ${accessToken}` } });

  it('a bank access token (audience = the bank) is refused at userinfo', async () => {
    const answer = await userinfo(String(tokens.access_token));
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('invalid_token');
  });

  it('a refresh with scope=openid gives an audience-free token that userinfo accepts over the bound certificate', async () => {
    const refreshed = await tpp.token({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), scope: 'openid' });
    expect(refreshed.status).toBe(200);
    const userinfoToken = String(refreshed.json.access_token);
    expect(() => decodeJwt(userinfoToken)).toThrow(); // opaque: stored at the AS, not a bank JWT
    const answer = await userinfo(userinfoToken);
    expect(answer.status).toBe(200);
    expect(answer.json.sub).toBe(PSU.psuId);

    const other = await server.registerTpp({ authMethod: 'tls_client_auth', alg: 'ES256', style: 'hybrid' });
    try {
      const stolen = await other.connection.request('/me', { headers: { authorization: `Bearer ${userinfoToken}` } });
      expect(stolen.status).toBe(401); // bound to the first TPP's certificate (RFC 8705 3)
      expect(stolen.json.error).toBe('invalid_token');
    } finally {
      await other.connection.close();
    }
  });
});
