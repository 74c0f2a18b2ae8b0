import { LONGEST_ACCESS_TOKEN_LIFETIME_MS, Streams } from '@fapi/nats-contract';
import { authorizationServerOptionsFromEnv, DEFAULT_LIFETIMES } from './authorization-server-options';

describe('the deployed options come from the environment', () => {
  it('allow https://localhost redirect URIs and loopback jwks_uri by default: the sandbox sample TPP runs there', () => {
    expect(authorizationServerOptionsFromEnv({}).sandbox).toEqual({ allowHttpsLocalhostRedirectUris: true, allowHttpsLoopbackJwksUris: true });
  });

  it('refuse them, as a production server would, with ALLOW_LOCALHOST_REDIRECT_URIS=false', () => {
    expect(authorizationServerOptionsFromEnv({ ALLOW_LOCALHOST_REDIRECT_URIS: 'false' }).sandbox).toEqual({
      allowHttpsLocalhostRedirectUris: false,
      allowHttpsLoopbackJwksUris: true,
    });
  });

  it('refuse loopback jwks_uri, as a production server would, with ALLOW_LOOPBACK_JWKS_URIS=false', () => {
    expect(authorizationServerOptionsFromEnv({ ALLOW_LOOPBACK_JWKS_URIS: 'false' }).sandbox).toEqual({
      allowHttpsLocalhostRedirectUris: true,
      allowHttpsLoopbackJwksUris: false,
    });
  });
});

describe('the access tokens for the bank are signed with the alg the environment names, one FAPI permits', () => {
  it('PS256 by default, ES256 with ACCESS_TOKEN_SIGNING_ALG=ES256', () => {
    expect(authorizationServerOptionsFromEnv({}).accessTokenSigningAlg).toBe('PS256');
    expect(authorizationServerOptionsFromEnv({ ACCESS_TOKEN_SIGNING_ALG: 'ES256' }).accessTokenSigningAlg).toBe('ES256');
  });

  it('refuses to start with an alg FAPI 1.0 Advanced 8.6 does not permit (RS256, HS256, none)', () => {
    for (const alg of ['RS256', 'HS256', 'none']) {
      expect(() => authorizationServerOptionsFromEnv({ ACCESS_TOKEN_SIGNING_ALG: alg })).toThrow(`ACCESS_TOKEN_SIGNING_ALG must be PS256 or ES256, not "${alg}"`);
    }
  });
});

describe('the access tokens the AS issues live no longer than the bank can hear of their revocation', () => {
  it('the access-token lifetime is within LONGEST_ACCESS_TOKEN_LIFETIME_MS, how long the revocation stream keeps a revocation', () => {
    expect(DEFAULT_LIFETIMES.accessToken * 1000).toBeLessThanOrEqual(LONGEST_ACCESS_TOKEN_LIFETIME_MS);
    expect(Streams.grantRevocations.maxAgeMs).toBe(LONGEST_ACCESS_TOKEN_LIFETIME_MS);
  });
});
