import { fetch } from 'undici';
import { PAGE_CSP } from '@fapi/web-pages';
import { AuthorizationServerHarness, REDIRECT_URI } from './testing/authorization-server-harness';
import type { AsConnection, TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const FOREIGN_ORIGIN = 'https://evil.example';

/** A request over `connection` whose response headers the test reads. */
async function send(connection: AsConnection, path: string, init: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}) {
  const body = init.form && new URLSearchParams(init.form).toString();
  const headers = { ...(body && { 'content-type': 'application/x-www-form-urlencoded' }), ...init.headers };
  const response = await fetch(new URL(path, connection.issuer), { method: init.method, headers, body, redirect: 'manual', dispatcher: connection.agent });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('the authorization server’s own pages and CORS answers carry the security headers', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_headers');
  let tpp: TestTpp;
  let browser: AsConnection;

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    browser = server.anonymous();
  });

  afterAll(async () => {
    await browser?.close();
    await tpp?.connection.close();
    await server.stop();
  });

  const tokenRequest = async () => ({ ...(await tpp.clientAuth()), grant_type: 'client_credentials', scope: 'accounts' });

  describe('CORS only for an origin the client registered (its redirect_uris), never the Origin echoed', () => {
    it('/token from a foreign Origin: refused, and no Access-Control-Allow-Origin for it', async () => {
      const result = await send(tpp.connection, '/token', { method: 'POST', headers: { origin: FOREIGN_ORIGIN }, form: await tokenRequest() });
      expect({ status: result.status, error: result.json.error, allowOrigin: result.headers.get('access-control-allow-origin') }).toEqual({
        status: 400,
        error: 'invalid_request',
        allowOrigin: null,
      });
    });

    it('/token for an unknown client from a foreign Origin: no Access-Control-Allow-Origin on the error either', async () => {
      const form = { client_id: 'no-such-client', grant_type: 'client_credentials', scope: 'accounts' };
      const result = await send(tpp.connection, '/token', { method: 'POST', headers: { origin: FOREIGN_ORIGIN }, form });
      expect({ status: result.status, error: result.json.error, allowOrigin: result.headers.get('access-control-allow-origin') }).toEqual({
        status: 401,
        error: 'invalid_client',
        allowOrigin: null,
      });
    });

    it('/token from the origin of the client’s redirect_uri (a browser-based client): allowed for that origin', async () => {
      const origin = new URL(REDIRECT_URI).origin;
      const result = await send(tpp.connection, '/token', { method: 'POST', headers: { origin }, form: await tokenRequest() });
      expect({ status: result.status, allowOrigin: result.headers.get('access-control-allow-origin') }).toEqual({ status: 200, allowOrigin: origin });
    });

    const preflight = (origin: string) =>
      send(browser, '/token', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });

    it('a preflight of /token from a foreign Origin (it names no client): no Access-Control-Allow-Origin for it', async () => {
      const result = await preflight(FOREIGN_ORIGIN);
      expect(result.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('a preflight of /token from the origin a registered client runs on: allowed for that origin', async () => {
      const origin = new URL(REDIRECT_URI).origin;
      const result = await preflight(origin);
      expect(result.headers.get('access-control-allow-origin')).toBe(origin);
    });

    it('discovery, a public document, is readable from any page without echoing its Origin', async () => {
      const result = await send(browser, '/.well-known/openid-configuration', { headers: { origin: FOREIGN_ORIGIN } });
      expect({ status: result.status, allowOrigin: result.headers.get('access-control-allow-origin') }).toEqual({ status: 200, allowOrigin: '*' });
    });
  });

  describe('oidc-provider’s own HTML pages: no inline script, never framed, HSTS, no X-Powered-By', () => {
    const pageSecurity = (headers: Headers | import('undici').Headers) => ({
      csp: headers.get('content-security-policy')?.split(/;\s*/),
      frameOptions: headers.get('x-frame-options'),
      hsts: headers.get('strict-transport-security'),
      poweredBy: headers.get('x-powered-by'),
    });

    it('the error page (an authorization request of an unknown client)', async () => {
      const result = await send(browser, '/auth?client_id=no-such-client&response_type=code&scope=openid');
      expect(result.status).toBe(400);
      expect(pageSecurity(result.headers)).toEqual({ csp: PAGE_CSP.split('; '), frameOptions: 'DENY', hsts: 'max-age=31536000; includeSubDomains', poweredBy: null });
    });

    it('the logout (end-session) page, whose script oidc-provider allows by its hash only', async () => {
      const result = await send(browser, '/session/end');
      expect(result.status).toBe(200);
      const { csp, ...others } = pageSecurity(result.headers);
      expect(others).toEqual({ frameOptions: 'DENY', hsts: 'max-age=31536000; includeSubDomains', poweredBy: null });
      expect(csp).toEqual(expect.arrayContaining(["default-src 'none'", "frame-ancestors 'none'", expect.stringMatching(/^script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*$/)]));
    });
  });
});
