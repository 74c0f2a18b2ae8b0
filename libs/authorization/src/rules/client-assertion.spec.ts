import type { KoaContextWithOIDC } from 'oidc-provider';
import { assertClientAssertionAudienceAndIssuedAt } from './client-assertion';

const ISSUER = 'https://as.sandbox.example';

/** oidc-provider's context for a request whose Host header named `requestHost` (its urlFor builds on that host). */
function contextOfRequestFor(requestHost: string, route = 'token'): KoaContextWithOIDC {
  return {
    oidc: {
      issuer: ISSUER,
      route,
      provider: { pathFor: (name: string) => `/${name}` },
      urlFor: (name: string) => `https://${requestHost}/${name}`,
    },
  } as unknown as KoaContextWithOIDC;
}

describe('a client assertion is addressed to the configured issuer (RFC 7523 3, RFC 9126 2)', () => {
  const assertAudience = assertClientAssertionAudienceAndIssuedAt(15);

  it('aud = the configured token endpoint or issuer is accepted', async () => {
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: `${ISSUER}/token` })).resolves.toBeUndefined();
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: [ISSUER] })).resolves.toBeUndefined();
  });

  it('aud = the URL of the endpoint it is presented at (PAR) is accepted there, and nowhere else', async () => {
    const atPar = contextOfRequestFor('as.sandbox.example', 'pushed_authorization_request');
    await expect(assertAudience(atPar, { aud: `${ISSUER}/pushed_authorization_request` })).resolves.toBeUndefined();
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: `${ISSUER}/pushed_authorization_request` })).rejects.toMatchObject({
      error: 'invalid_client',
    });
  });

  it('aud = another server’s PAR endpoint is refused at PAR even when the request’s Host names that server', async () => {
    const atPar = contextOfRequestFor('other-as.example', 'pushed_authorization_request');
    await expect(assertAudience(atPar, { aud: 'https://other-as.example/pushed_authorization_request' })).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('aud = another server’s token endpoint is refused even when the request’s Host names that server', async () => {
    await expect(assertAudience(contextOfRequestFor('other-as.example'), { aud: 'https://other-as.example/token' })).rejects.toMatchObject({
      error: 'invalid_client',
      error_detail: 'audience (aud) must be the issuer identifier, the token endpoint url or the url of this endpoint',
    });
  });
});
