import https from 'node:https';
import { AUTHORIZATION_SERVER_RULES, refusalText } from '@fapi/refusal-catalogue';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import type { TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

interface RawRequest {
  /** The Host header sent (the connection always goes to the server's socket, with SNI and certificate for localhost). */
  host: string;
  /** The request target as sent on the request line: a path, or an absolute URL (RFC 9112 3.2.2). */
  target: string;
  method?: string;
  form?: Record<string, string>;
  tpp?: TestTpp;
}

/** Sends one request with exactly the Host and request target given (fetch would derive both from the URL). */
function sendRaw(server: AuthorizationServerHarness, { host, target, method = 'GET', form, tpp }: RawRequest): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = form && new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port: new URL(server.issuer).port,
        servername: 'localhost',
        path: target,
        method,
        ca: server.pki.caPem,
        ...(tpp && { cert: tpp.transport.cert, key: tpp.transport.key }),
        headers: { host, ...(body && { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }) },
        agent: false,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: text.startsWith('{') ? JSON.parse(text) : {} }));
      },
    );
    request.on('error', reject).end(body);
  });
}

describe('the authorization server answers for its configured issuer only, whatever the request says its host is', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_host');
  let tpp: TestTpp;
  let misdirected: Record<string, unknown>;

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    misdirected = { error: 'invalid_request', error_description: refusalText(AUTHORIZATION_SERVER_RULES.configuredHost, `the request names another host than ${new URL(server.issuer).host}`) };
  });

  afterAll(async () => {
    await tpp?.connection.close();
    await server.stop();
  });

  const configuredHost = () => new URL(server.issuer).host;

  it('a client assertion made for another server, sent with that server as Host, is refused: 421 (RFC 9110 15.5.20)', async () => {
    const assertion = await tpp.clientAssertion({ aud: 'https://other-as.example/token' });
    const form = { ...(await tpp.clientAuth(assertion)), grant_type: 'client_credentials', scope: 'accounts' };
    const result = await sendRaw(server, { host: 'other-as.example', target: '/token', method: 'POST', form, tpp });
    expect(result).toEqual({ status: 421, json: misdirected });
  });

  it('discovery asked with a forged Host is refused instead of announcing that host’s endpoints', async () => {
    const result = await sendRaw(server, { host: 'evil.example', target: '/.well-known/openid-configuration' });
    expect(result).toEqual({ status: 421, json: misdirected });
  });

  it('an absolute-form request target naming another server is refused, whatever its Host header says', async () => {
    const result = await sendRaw(server, { host: configuredHost(), target: 'https://evil.example/.well-known/openid-configuration' });
    expect(result).toEqual({ status: 421, json: misdirected });
  });

  it('127.0.0.1 is the same socket but not the issuer https://localhost: refused too', async () => {
    const result = await sendRaw(server, { host: `127.0.0.1:${new URL(server.issuer).port}`, target: '/.well-known/openid-configuration' });
    expect(result).toEqual({ status: 421, json: misdirected });
  });

  it('the login and consent pages (served by Nest, not oidc-provider) refuse another host too', async () => {
    const result = await sendRaw(server, { host: 'evil.example', target: '/interaction/some-uid' });
    expect(result).toEqual({ status: 421, json: misdirected });
  });

  it('health and metrics answer a pod address as Host (Kubernetes probes, Prometheus), but not as an absolute-form target', async () => {
    const podAddress = `10.244.1.7:${new URL(server.issuer).port}`;
    const answers = await Promise.all(['/health/live', '/health/ready', '/metrics'].map(async (target) => ({ target, status: (await sendRaw(server, { host: podAddress, target })).status })));
    expect(answers).toEqual([
      { target: '/health/live', status: 200 },
      { target: '/health/ready', status: 200 },
      { target: '/metrics', status: 200 },
    ]);
    const absolute = await sendRaw(server, { host: podAddress, target: `https://${podAddress}/health/ready` });
    expect(absolute).toEqual({ status: 421, json: misdirected });
  });

  it('the configured host is served, in any letter case, and discovery names the configured endpoints', async () => {
    const result = await sendRaw(server, { host: configuredHost().toUpperCase(), target: '/.well-known/openid-configuration' });
    expect({ status: result.status, token_endpoint: result.json.token_endpoint }).toEqual({ status: 200, token_endpoint: `${server.issuer}/token` });
  });

  it('an assertion for the configured token endpoint, or an absolute-form target of the issuer, is served as usual', async () => {
    const form = { ...(await tpp.clientAuth()), grant_type: 'client_credentials', scope: 'accounts' };
    const result = await sendRaw(server, { host: configuredHost(), target: `${server.issuer}/token`, method: 'POST', form, tpp });
    expect({ status: result.status, token_type: result.json.token_type }).toEqual({ status: 200, token_type: 'Bearer' });
  });
});
