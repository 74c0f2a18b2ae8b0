import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import type { AsConnection } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

describe('the authorization server publishes what FAPI 1.0, FAPI 2.0 and OB clients need', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_discovery');
  let connection: AsConnection;

  beforeAll(async () => {
    await server.start();
    connection = server.anonymous();
  });

  afterAll(async () => {
    await connection?.close();
    await server.stop();
  });

  it('discovery lists the OB claims, scopes, ACR, grant types and FAPI algorithms', async () => {
    const { status, json } = await connection.request('/.well-known/openid-configuration');
    expect(status).toBe(200);
    expect(json.issuer).toBe(server.issuer);
    expect(json.claims_parameter_supported).toBe(true);
    expect(json.claims_supported).toEqual(expect.arrayContaining(['acr', 'openbanking_intent_id', 'sub']));
    expect(json.scopes_supported).toEqual(expect.arrayContaining(['openid', 'accounts', 'payments']));
    expect(json.acr_values_supported).toEqual(['urn:openbanking:psd2:sca']);
    expect(json.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'client_credentials', 'refresh_token']));
    expect(json.response_types_supported).toEqual(['code id_token', 'code']);
    expect(json.response_modes_supported).toEqual(expect.arrayContaining(['jwt']));
    expect(json.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt', 'tls_client_auth']);
    expect(json.token_endpoint_auth_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
    expect(json.id_token_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
    expect(json.request_object_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
    expect(json.authorization_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
    expect(json.code_challenge_methods_supported).toEqual(['S256']);
    expect(json.tls_client_certificate_bound_access_tokens).toBe(true);
    expect(json.dpop_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
    // Required per client (FAPI 2.0 clients register it), not of every client: FAPI 1.0 hybrid clients send requests by value.
    expect(json.require_pushed_authorization_requests).toBeUndefined();
    expect(json.require_signed_request_object).toBeUndefined();
    expect(json.authorization_response_iss_parameter_supported).toBe(true);
    expect(json.request_parameter_supported).toBe(true);
    for (const endpoint of ['authorization', 'token', 'userinfo', 'jwks_uri', 'pushed_authorization_request', 'introspection', 'revocation', 'registration']) {
      const key = endpoint.endsWith('_uri') ? endpoint : `${endpoint}_endpoint`;
      expect(json[key]).toEqual(expect.stringMatching(new RegExp(`^${server.issuer}/`)));
    }
  });

  it('/jwks serves the public half of as-signing.jwks.json', async () => {
    const { status, json } = await connection.request('/jwks');
    expect(status).toBe(200);
    const keys = json.keys as Record<string, unknown>[];
    expect(keys.map((key) => key.alg).sort()).toEqual(['ES256', 'PS256']);
    expect(keys.map((key) => key.kid).sort()).toEqual(server.pki.publicSigningJwks().keys.map((key) => key.kid).sort());
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });
});
