import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type SigningKey, signingKey } from '@fapi/testing';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import { AsConnection, type HttpResult, sign, now } from './testing/test-tpp';
import { JWKS_URI_REFUSED } from './rules/jwks-uri';

// Starting a server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const refused = (description: string) => ({ status: 400, body: { error: 'invalid_client_metadata', error_description: description } });

/** A TPP's https server on loopback (certificate from the sandbox CA) serving its JWKS and some misbehaving variants. */
class JwksHost {
  private server!: Server;
  readonly requests: string[] = [];
  url = '';

  constructor(private readonly key: SigningKey) {}

  async start(harness: AuthorizationServerHarness): Promise<this> {
    this.server = createServer(harness.pki.server('authorization-server'), (req, res) => {
      this.requests.push(req.url ?? '');
      if (req.url === '/redirect') return void res.writeHead(302, { location: `${this.url}/jwks` }).end();
      const body = JSON.stringify({ keys: [this.key.publicJwk], ...(req.url === '/huge' && { padding: 'x'.repeat(100 * 1024) }) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Registers a private_key_jwt client whose keys are at `jwksUri`, as onboarding registers one (but by reference). */
async function registerWithJwksUri(server: AuthorizationServerHarness, jwksUri: string): Promise<HttpResult> {
  const connection = server.anonymous();
  const metadata = {
    client_name: 'TPP with a jwks_uri',
    redirect_uris: ['https://tpp.example/callback'],
    jwks_uri: jwksUri,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'PS256',
    grant_types: ['authorization_code', 'client_credentials'],
    response_types: ['code'],
    authorization_signed_response_alg: 'PS256',
    request_object_signing_alg: 'PS256',
    id_token_signed_response_alg: 'PS256',
    tls_client_certificate_bound_access_tokens: true,
  };
  const result = await connection.postJson('/reg', metadata, { authorization: `Bearer ${server.pki.registrationToken}` });
  await connection.close();
  return result;
}

/** The registered client asks for a client-credentials token, authenticating with an assertion signed by `key`. */
async function clientCredentials(server: AuthorizationServerHarness, clientId: string, key: SigningKey): Promise<HttpResult> {
  const connection = new AsConnection(server.issuer, server.pki.caPem, server.pki.clientCertificate('TPP with a jwks_uri'));
  const assertion = await sign({ iss: clientId, sub: clientId, aud: `${server.issuer}/token`, jti: crypto.randomUUID(), iat: now(), exp: now() + 60 }, key);
  const result = await connection.postForm('/token', {
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    grant_type: 'client_credentials',
    scope: 'accounts',
  });
  await connection.close();
  return result;
}

const outcome = (result: HttpResult) => ({ status: result.status, body: result.json });

/** oidc-provider's answer when the client's keys cannot be fetched (RFC 6749 5.2). */
const UNAUTHENTICATED = { status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } };

describe('a jwks_uri is https on a public host (SSRF); with the sandbox-only allowHttpsLoopbackJwksUris on (the default) loopback too', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_jwks_uri');
  let key: SigningKey;
  let tppHost: JwksHost;

  beforeAll(async () => {
    await server.start();
    key = await signingKey('PS256');
    tppHost = await new JwksHost(key).start(server);
  });

  afterAll(async () => {
    await tppHost?.stop();
    await server.stop();
  });

  it.each([
    ['http (even on loopback)', 'http://127.0.0.1:9/jwks', JWKS_URI_REFUSED.notHttps],
    ['not a URL', 'jwks', JWKS_URI_REFUSED.notHttps],
    ['the cloud metadata address (link-local)', 'https://169.254.169.254/latest/meta-data', JWKS_URI_REFUSED.specialUse],
    ['a private address', 'https://10.1.2.3/jwks', JWKS_URI_REFUSED.specialUse],
    ['an IPv6 unique-local address', 'https://[fd00::1]/jwks', JWKS_URI_REFUSED.specialUse],
    ['an IPv4-mapped private address', 'https://[::ffff:192.168.1.1]/jwks', JWKS_URI_REFUSED.specialUse],
    ['a host that does not resolve', 'https://no-such-host.invalid/jwks', JWKS_URI_REFUSED.unresolvable],
  ])('registration refuses a jwks_uri that is %s', async (_case, jwksUri, description) => {
    expect(outcome(await registerWithJwksUri(server, jwksUri))).toEqual(refused(description));
  });

  it('a TPP serving its keys at https://localhost registers, and its assertions verify against them', async () => {
    const registered = await registerWithJwksUri(server, `${tppHost.url}/jwks`);
    expect(registered.status).toBe(201);
    expect((await clientCredentials(server, String(registered.json.client_id), key)).status).toBe(200);
  });

  it('a jwks_uri answering with a redirect is not followed: the client cannot authenticate', async () => {
    const registered = await registerWithJwksUri(server, `${tppHost.url}/redirect`);
    tppHost.requests.length = 0;
    expect(outcome(await clientCredentials(server, String(registered.json.client_id), key))).toEqual(UNAUTHENTICATED);
    expect(tppHost.requests).toEqual(['/redirect']);
  });

  it('a jwks_uri answering more than 64 KiB is cut off: the client cannot authenticate', async () => {
    const registered = await registerWithJwksUri(server, `${tppHost.url}/huge`);
    expect(outcome(await clientCredentials(server, String(registered.json.client_id), key))).toEqual(UNAUTHENTICATED);
  });
});

describe('with allowHttpsLoopbackJwksUris off, loopback is refused like any special-use address', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_jwks_uri_strict', { sandbox: { allowHttpsLoopbackJwksUris: false } });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it.each([['https://localhost:8446/jwks'], ['https://127.0.0.1:8446/jwks'], ['https://[::1]:8446/jwks']])('registration refuses %s', async (jwksUri) => {
    expect(outcome(await registerWithJwksUri(server, jwksUri))).toEqual(refused(JWKS_URI_REFUSED.specialUse));
  });
});
