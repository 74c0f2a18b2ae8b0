import type { KoaContextWithOIDC } from 'oidc-provider';
import { assertClientAssertionAudienceAndIssuedAt } from './client-assertion';

const ISSUER = 'https://as.sandbox.example';

/** oidc-provider's context for a request whose Host header named `requestHost` (its urlFor builds on that host). */
function contextOfRequestFor(requestHost: string): KoaContextWithOIDC {
  return {
    oidc: {
      issuer: ISSUER,
      provider: { pathFor: (name: string) => `/${name}` },
      urlFor: (name: string) => `https://${requestHost}/${name}`,
    },
  } as unknown as KoaContextWithOIDC;
}

describe('a client assertion is addressed to the configured issuer (FAPI 1.0 Advanced 5.2.2-14, RFC 7523 3)', () => {
  const assertAudience = assertClientAssertionAudienceAndIssuedAt(15);

  it('aud = the configured token endpoint or issuer is accepted', async () => {
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: `${ISSUER}/token` })).resolves.toBeUndefined();
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: [ISSUER] })).resolves.toBeUndefined();
  });

  it('aud = another server’s token endpoint is refused even when the request’s Host names that server', async () => {
    await expect(assertAudience(contextOfRequestFor('other-as.example'), { aud: 'https://other-as.example/token' })).rejects.toMatchObject({
      error: 'invalid_client',
      error_detail: 'audience (aud) must be the issuer identifier or the token endpoint url',
    });
  });
});
