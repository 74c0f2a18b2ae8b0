import { signingKey } from '@fapi/testing';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import type { HttpResult } from './testing/test-tpp';

// Starting a server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const LOCALHOST_CALLBACK = 'https://localhost:8445/callback';
const REFUSED_LOCALHOST = {
  error: 'invalid_redirect_uri',
  error_description: 'redirect_uris for web clients using implicit flow must not be using localhost',
};

/** Registers a hybrid (code id_token) client redirecting to https://localhost, naming `grantTypes`. */
async function registerHybridLocalhostClient(server: AuthorizationServerHarness, grantTypes: string[]): Promise<HttpResult> {
  const key = await signingKey('PS256');
  const connection = server.anonymous();
  const metadata = {
    client_name: 'Localhost TPP',
    redirect_uris: [LOCALHOST_CALLBACK],
    jwks: { keys: [key.publicJwk] },
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'PS256',
    grant_types: grantTypes,
    response_types: ['code id_token'],
    request_object_signing_alg: 'PS256',
    id_token_signed_response_alg: 'PS256',
    tls_client_certificate_bound_access_tokens: true,
  };
  const result = await connection.postJson('/reg', metadata, { authorization: `Bearer ${server.pki.registrationToken}` });
  await connection.close();
  return result;
}

/** A hybrid client redirecting to https://localhost, registered as onboarding registers the sample TPP, asks for a token. */
async function hybridLocalhostClientAsksForAToken(server: AuthorizationServerHarness): Promise<HttpResult> {
  const tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'hybrid' }, LOCALHOST_CALLBACK);
  const tokens = await tpp.token({ grant_type: 'client_credentials', scope: 'accounts' });
  await tpp.connection.close();
  return tokens;
}

// oidc-provider forbids localhost redirect_uris for clients of the implicit grant, which a hybrid client has: it adds
// the grant itself when response_types include id_token, after checking the redirect_uris of the registration.
describe('with the sandbox-only allowHttpsLocalhostRedirectUris on (the sandbox default), a hybrid client may redirect to https://localhost', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_localhost_allowed');

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('registered as onboarding registers the sample TPP, the client is served', async () => {
    expect((await hybridLocalhostClientAsksForAToken(server)).status).toBe(200);
  });

  it('a registration naming the implicit grant is accepted too', async () => {
    expect((await registerHybridLocalhostClient(server, ['authorization_code', 'implicit'])).status).toBe(201);
  });
});

describe('with allowHttpsLocalhostRedirectUris off, oidc-provider refuses https://localhost for hybrid clients (invalid_redirect_uri)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_localhost_refused', { sandbox: { allowHttpsLocalhostRedirectUris: false } });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('a registration naming the implicit grant is refused', async () => {
    const registered = await registerHybridLocalhostClient(server, ['authorization_code', 'implicit']);
    expect({ status: registered.status, body: registered.json }).toEqual({ status: 400, body: REFUSED_LOCALHOST });
  });

  it('registered as onboarding registers the sample TPP (implicit left implied), the client is stored but every request it makes is refused', async () => {
    const tokens = await hybridLocalhostClientAsksForAToken(server);
    expect({ status: tokens.status, body: tokens.json }).toEqual({ status: 400, body: REFUSED_LOCALHOST });
  });
});
