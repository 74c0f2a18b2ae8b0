import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES } from '@fapi/refusal-catalogue';
import { refusalBy } from '@fapi/refusal-catalogue/testing';
import { assertClientAssertionAudienceAndIssuedAt } from './client-assertion';

const ISSUER = 'https://as.sandbox.example';
const FAPI1_CLIENT = { client_profile: 'fapi1-advanced' } as unknown as Client;
const FAPI2_CLIENT = { client_profile: 'fapi2' } as unknown as Client;

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

  it('aud = another server’s token endpoint is refused even when the request’s Host names that server, naming the rule', async () => {
    await expect(assertAudience(contextOfRequestFor('other-as.example'), { aud: 'https://other-as.example/token' }, {}, FAPI1_CLIENT)).rejects.toMatchObject({
      error: 'invalid_client',
      error_description: refusalBy(RULES.fapi1AssertionAudience, 'aud is https://other-as.example/token'),
    });
  });
});

describe('a FAPI 2.0 client assertion is addressed to the issuer only, as a string (FAPI 2.0 Security Profile 5.3.2.1-8)', () => {
  const assertAudience = assertClientAssertionAudienceAndIssuedAt(15);
  const refusal = {
    error: 'invalid_client',
    error_description: refusalBy(RULES.fapi2AssertionAudience),
  };

  it('aud = the issuer is accepted', async () => {
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: ISSUER }, {}, FAPI2_CLIENT)).resolves.toBeUndefined();
  });

  it('aud = the token endpoint, or the PAR endpoint presented there, is refused', async () => {
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: `${ISSUER}/token` }, {}, FAPI2_CLIENT)).rejects.toMatchObject(refusal);
    const atPar = contextOfRequestFor('as.sandbox.example', 'pushed_authorization_request');
    await expect(assertAudience(atPar, { aud: `${ISSUER}/pushed_authorization_request` }, {}, FAPI2_CLIENT)).rejects.toMatchObject(refusal);
  });

  it('aud = [the issuer] is refused: a string, not an array', async () => {
    await expect(assertAudience(contextOfRequestFor('as.sandbox.example'), { aud: [ISSUER] }, {}, FAPI2_CLIENT)).rejects.toMatchObject(refusal);
  });
});
