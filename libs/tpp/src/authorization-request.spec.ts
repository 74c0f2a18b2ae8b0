import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { type AuthorizationIntent, buildAuthorizationRequest } from './authorization-request';
import { authorizationServerConfiguration } from './authorization-server';
import type { OnboardedTpp } from '@fapi/onboarding';
import { CONSENT_ID, FakeSandbox, ISSUER, REDIRECT_URI, testTpp } from './testing/fake-sandbox';

const ACCOUNT_ACCESS: AuthorizationIntent = { consentId: CONSENT_ID, purpose: { kind: 'account-access' } };

async function setUp(overrides: Partial<OnboardedTpp>) {
  const { tpp, publicJwk } = await testTpp(overrides);
  const sandbox = await FakeSandbox.create(tpp);
  const config = authorizationServerConfiguration(tpp, sandbox.metadata(), sandbox.fetch);
  return { tpp, publicJwk, sandbox, config };
}

describe.each(['PS256', 'ES256'] as const)('the request object (%s) is signed with the registered key and carries every parameter', (signingAlg) => {
  it('is verifiable with the TPP public JWK and names the TPP, the AS, the redirect URI and the consent', async () => {
    const { tpp, publicJwk, config } = await setUp({ signingAlg, responseStyle: 'hybrid' });
    const { url, pending } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const requestObject = url.searchParams.get('request') as string;

    const { payload, protectedHeader } = await jwtVerify(requestObject, await importJWK(publicJwk, signingAlg), {
      issuer: tpp.clientId,
      audience: ISSUER,
      algorithms: [signingAlg],
    });
    expect(protectedHeader).toMatchObject({ alg: signingAlg, kid: tpp.signingKid });
    expect(payload).toMatchObject({
      client_id: tpp.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid accounts',
      response_type: 'code id_token',
      state: pending.state,
      nonce: pending.nonce,
      claims: {
        id_token: {
          openbanking_intent_id: { value: CONSENT_ID, essential: true },
          acr: { essential: true, values: ['urn:openbanking:psd2:sca'] },
        },
      },
      code_challenge_method: 'S256',
    });
    expect(typeof payload.jti).toBe('string');
  });
});

describe('the request object lifetime is short and starts now (FAPI 1.0 Advanced: exp and nbf, at most 10 minutes here)', () => {
  it('has nbf = now and exp no more than 10 minutes after it', async () => {
    const { tpp, config } = await setUp({ responseStyle: 'hybrid' });
    const before = Math.floor(Date.now() / 1000);
    const { url } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const { nbf, exp } = decodeJwt(url.searchParams.get('request') as string) as { nbf: number; exp: number };
    expect(nbf).toBeGreaterThanOrEqual(before);
    expect(nbf).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(exp - nbf).toBeGreaterThan(0);
    expect(exp - nbf).toBeLessThanOrEqual(600);
  });
});

describe('PKCE S256 protects the code in both response styles', () => {
  it.each(['hybrid', 'jarm'] as const)('%s: the challenge is the base64url SHA-256 of a fresh 43+ character verifier', async (responseStyle) => {
    const { tpp, sandbox, config } = await setUp({ responseStyle });
    const { url, pending } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const requestObject =
      url.searchParams.get('request') ?? (new URLSearchParams(sandbox.requests.at(-1)?.body).get('request') as string);
    const claims = decodeJwt(requestObject);
    expect(pending.codeVerifier.length).toBeGreaterThanOrEqual(43);
    expect(claims.code_challenge).toBe(createHash('sha256').update(pending.codeVerifier).digest('base64url'));
    expect(claims.code_challenge_method).toBe('S256');
  });

  it('every authorization request gets its own state, nonce and verifier', async () => {
    const { tpp, config } = await setUp({ responseStyle: 'hybrid' });
    const first = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const second = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    expect(second.pending.state).not.toBe(first.pending.state);
    expect(second.pending.nonce).not.toBe(first.pending.nonce);
    expect(second.pending.codeVerifier).not.toBe(first.pending.codeVerifier);
  });
});

describe('hybrid sends the request object by value, with response_type, client_id and scope duplicated outside it', () => {
  it('sends the browser to the authorization endpoint with exactly those parameters', async () => {
    const { tpp, sandbox, config } = await setUp({ responseStyle: 'hybrid' });
    const { url } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/auth`);
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request', 'response_type', 'scope']);
    expect(url.searchParams.get('response_type')).toBe('code id_token');
    expect(url.searchParams.get('scope')).toBe('openid accounts');
    expect(url.searchParams.get('client_id')).toBe(tpp.clientId);
    expect(sandbox.requests).toEqual([]);
  });
});

describe('jarm pushes the signed request object (PAR) and the browser carries only client_id and request_uri', () => {
  it('asks for code with response_mode jwt inside the pushed request object', async () => {
    const { tpp, sandbox, config } = await setUp({ responseStyle: 'jarm' });
    const { url } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    expect([...url.searchParams.entries()].sort()).toEqual([
      ['client_id', tpp.clientId],
      ['request_uri', 'urn:ietf:params:oauth:request_uri:par-1'],
    ]);
    const pushed = sandbox.requests.find((r) => r.url === `${ISSUER}/request`);
    const form = new URLSearchParams(pushed?.body);
    const claims = decodeJwt(form.get('request') as string);
    expect(claims).toMatchObject({ response_type: 'code', response_mode: 'jwt', redirect_uri: REDIRECT_URI });
  });

  it('private_key_jwt: the PAR request carries a client assertion signed with the registered alg for the issuer', async () => {
    const { tpp, sandbox, config } = await setUp({ responseStyle: 'jarm', authMethod: 'private_key_jwt', signingAlg: 'ES256' });
    await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const form = new URLSearchParams(sandbox.requests.find((r) => r.url === `${ISSUER}/request`)?.body);
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const assertion = form.get('client_assertion') as string;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: 'ES256', kid: tpp.signingKid });
    expect(decodeJwt(assertion)).toMatchObject({ iss: tpp.clientId, sub: tpp.clientId, aud: ISSUER });
  });

  it('tls_client_auth: the PAR request carries no secret or assertion, only the client_id (the certificate authenticates)', async () => {
    const { tpp, sandbox, config } = await setUp({ responseStyle: 'jarm', authMethod: 'tls_client_auth' });
    await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const form = new URLSearchParams(sandbox.requests.find((r) => r.url === `${ISSUER}/request`)?.body);
    expect([...form.keys()].sort()).toEqual(['client_id', 'request']);
  });
});

describe('the scope follows what the PSU is asked to authorise, and the pending authorization remembers it', () => {
  const payment: AuthorizationIntent = {
    consentId: 'pdc-1',
    purpose: {
      kind: 'domestic-payment',
      initiation: {
        InstructionIdentification: 'i-1',
        EndToEndIdentification: 'e-1',
        InstructedAmount: { Amount: '1.00', Currency: 'GBP' },
        CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '12345612345678', Name: 'Bob' },
      },
      risk: {},
    },
  };

  it.each([
    ['account access', ACCOUNT_ACCESS, 'openid accounts'],
    ['a domestic payment', payment, 'openid payments'],
  ] as const)('%s: scope %s in the request object and outside it, the consent as intent', async (_case, intent, scope) => {
    const { tpp, config } = await setUp({ responseStyle: 'hybrid' });
    const { url, pending } = await buildAuthorizationRequest(config, tpp, intent, REDIRECT_URI);
    const claims = decodeJwt(url.searchParams.get('request') as string) as { scope: string; claims: { id_token: { openbanking_intent_id: { value: string } } } };
    expect(url.searchParams.get('scope')).toBe(scope);
    expect(claims.scope).toBe(scope);
    expect(claims.claims.id_token.openbanking_intent_id.value).toBe(intent.consentId);
    expect(pending).toMatchObject({ consentId: intent.consentId, purpose: intent.purpose });
  });
});
