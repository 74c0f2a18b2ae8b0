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

describe('the access tokens the AS issues live no longer than the bank can hear of their revocation', () => {
  it('the access-token lifetime is within LONGEST_ACCESS_TOKEN_LIFETIME_MS, how long the revocation stream keeps a revocation', () => {
    expect(DEFAULT_LIFETIMES.accessToken * 1000).toBeLessThanOrEqual(LONGEST_ACCESS_TOKEN_LIFETIME_MS);
    expect(Streams.grantRevocations.maxAgeMs).toBe(LONGEST_ACCESS_TOKEN_LIFETIME_MS);
  });
});
