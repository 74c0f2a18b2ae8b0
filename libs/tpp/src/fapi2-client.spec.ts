import { createHash, createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { OnboardedTpp } from '@fapi/onboarding';
import { completeAuthorization } from './authorization-callback';
import { type AuthorizationIntent, buildAuthorizationRequest } from './authorization-request';
import { authorizationServerConfiguration } from './authorization-server';
import { fintechProtocol } from './fintech-protocol';
import { JourneyRecorder } from './inspector/journey-recorder';
import { TppJourney } from './journey';
import { BankApiError } from './ob-http';
import { dpopKeyPair } from './signing-key';
import { BANK_URL, CONSENT_ID, dpopProof, FakeSandbox, fapi2, ISSUER, type RecordedRequest, REDIRECT_URI, testTpp, type TppOverrides } from './testing/fake-sandbox';
import { useFintechDatabase } from './testing/fintech-database';


const database = useFintechDatabase('fapi_unit_tpp_fapi2');
/** Where the journey records for the flow inspector: the fintech database of this file. */
const recorderOf = (tpp: OnboardedTpp) => new JourneyRecorder(database.client(), tpp, fintechProtocol(tpp));

const AISP = `${BANK_URL}/open-banking/v4.0/aisp`;
const ACCOUNT_ACCESS: AuthorizationIntent = { consentId: CONSENT_ID, purpose: { kind: 'account-access' } };
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

async function setUp(overrides: TppOverrides, bankFetch?: (sandbox: FakeSandbox) => oidc.CustomFetch) {
  const { tpp } = await testTpp(overrides);
  const sandbox = await FakeSandbox.create(tpp);
  const fetch = bankFetch ? bankFetch(sandbox) : sandbox.fetch;
  const config = authorizationServerConfiguration(tpp, sandbox.metadata(), fetch);
  const journey = new TppJourney(tpp, REDIRECT_URI, recorderOf(tpp), { fetch, authorizationServer: async () => config });
  const dpopTokenOptions = async () => ({ DPoP: oidc.getDPoPHandle(config, dpopKeyPair(tpp)) });
  const sent = (url: string) => sandbox.requests.filter((r) => r.url === url);
  return { tpp, sandbox, config, journey, dpopTokenOptions, sent };
}

/** The RFC 7638 thumbprint of the onboarded DPoP key: what the AS binds the tokens to (`cnf.jkt`). */
const dpopThumbprint = (tpp: OnboardedTpp) => calculateJwkThumbprint(createPublicKey(tpp.dpopKey!).export({ format: 'jwk' }) as JWK);

describe('FAPI 2.0 requests are always pushed (PAR): as a signed request object, or as plain parameters', () => {
  it('signed: the request object asks for code with JARM (response_mode=jwt) and PKCE S256; the browser carries only client_id and request_uri', async () => {
    const { tpp, config, sent } = await setUp(fapi2('mtls', 'signed'));
    const { url, pending } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);

    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const pushed = new URLSearchParams(sent(`${ISSUER}/request`)[0].body);
    expect(decodeJwt(pushed.get('request')!)).toMatchObject({
      iss: tpp.clientId,
      aud: ISSUER,
      response_type: 'code',
      response_mode: 'jwt',
      redirect_uri: REDIRECT_URI,
      state: pending.state,
      code_challenge: sha256(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
  });

  it('unsigned: plain form parameters (code, no response_mode, PKCE S256, the intent claims), the client assertion for the issuer only', async () => {
    const { tpp, config, sent } = await setUp(fapi2('mtls', 'unsigned'));
    const { url, pending } = await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI);

    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const pushed = Object.fromEntries(new URLSearchParams(sent(`${ISSUER}/request`)[0].body));
    expect(pushed).toEqual({
      client_id: tpp.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid accounts',
      state: pending.state,
      nonce: pending.nonce,
      claims: expect.stringContaining(`"openbanking_intent_id":{"value":"${CONSENT_ID}","essential":true}`),
      code_challenge: sha256(pending.codeVerifier),
      code_challenge_method: 'S256',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: expect.any(String),
    });
    expect(decodeJwt(pushed.client_assertion).aud).toBe(ISSUER);
  });

  it('DPoP-bound: the push carries a DPoP proof for POST to the PAR endpoint with the public DPoP key, binding the code to it', async () => {
    const { tpp, config, sent, dpopTokenOptions } = await setUp(fapi2('dpop', 'signed'));
    await buildAuthorizationRequest(config, tpp, ACCOUNT_ACCESS, REDIRECT_URI, await dpopTokenOptions());

    const { header, claims } = dpopProof(sent(`${ISSUER}/request`)[0]);
    expect(header).toMatchObject({ typ: 'dpop+jwt', alg: 'PS256' });
    expect(header.jwk).not.toHaveProperty('d');
    expect(await calculateJwkThumbprint(header.jwk as JWK)).toBe(await dpopThumbprint(tpp));
    expect(claims).toEqual({ htm: 'POST', htu: `${ISSUER}/request`, iat: expect.any(Number), jti: expect.any(String) });
  });

  it('mTLS-bound: no DPoP proof anywhere (the certificate binds)', async () => {
    const { journey, sandbox } = await setUp(fapi2('mtls', 'signed'));
    await journey.startAccountAccess();
    expect(sandbox.requests.filter((r) => r.headers.dpop !== undefined)).toEqual([]);
    expect(sandbox.requests.find((r) => r.url === `${AISP}/account-access-consents`)?.headers.authorization).toBe('Bearer cc-token-accounts');
  });
});

describe('a plain FAPI 2.0 response (code, state, iss) is believed only when iss names the AS (RFC 9207)', () => {
  async function pending(overrides: TppOverrides) {
    const context = await setUp(overrides);
    const { pending } = await buildAuthorizationRequest(context.config, context.tpp, ACCOUNT_ACCESS, REDIRECT_URI);
    const complete = async (parameters: URLSearchParams) =>
      completeAuthorization(context.config, fintechProtocol(context.tpp).response, pending, parameters, {
        tokenRequestOptions: context.tpp.senderConstraint === 'dpop' ? await context.dpopTokenOptions() : {},
      });
    return { ...context, pending, complete };
  }

  it('the issuer\'s response is redeemed with the PKCE verifier, and a DPoP-bound fintech proves its key at the token endpoint', async () => {
    const { tpp, sandbox, pending: authorization, complete, sent } = await pending(fapi2('dpop', 'unsigned'));
    const connection = await complete(sandbox.plain(authorization));

    expect(connection).toMatchObject({ consentId: CONSENT_ID, accessToken: 'psu-token' });
    const [token] = sent(`${ISSUER}/token`);
    expect(new URLSearchParams(token.body).get('code_verifier')).toBe(authorization.codeVerifier);
    const { header, claims } = dpopProof(token);
    expect(claims).toMatchObject({ htm: 'POST', htu: `${ISSUER}/token` });
    expect(claims).not.toHaveProperty('ath');
    expect(await calculateJwkThumbprint(header.jwk as JWK)).toBe(await dpopThumbprint(tpp));
  });

  it.each<[string, Record<string, string>, string]>([
    ['without iss', { iss: '' }, 'response parameter "iss" (issuer) missing'],
    ['with another issuer', { iss: 'https://evil.test' }, 'unexpected "iss" (issuer) response parameter value'],
    ['with another state', { state: 'forged-state' }, 'unexpected "state" response parameter value'],
  ])('a response %s is refused and no code is redeemed', async (_case, overrides, reason) => {
    const { sandbox, pending: authorization, complete, sent } = await pending(fapi2('dpop', 'unsigned'));
    const parameters = sandbox.plain(authorization, overrides);
    if (overrides.iss === '') parameters.delete('iss');
    await expect(complete(parameters)).rejects.toMatchObject({ code: 'OAUTH_INVALID_RESPONSE', cause: { message: reason } });
    expect(sent(`${ISSUER}/token`)).toEqual([]);
  });

  it('a fintech that signs its requests asks for JARM and refuses a plain response', async () => {
    const { sandbox, pending: authorization, complete, sent } = await pending(fapi2('mtls', 'signed'));
    await expect(complete(sandbox.plain(authorization))).rejects.toMatchObject({ code: 'OAUTH_INVALID_RESPONSE' });
    expect(sent(`${ISSUER}/token`)).toEqual([]);
    const connection = await complete(await sandbox.jarm({ code: sandbox.issueCode(authorization), state: authorization.state }));
    expect(connection.accessToken).toBe('psu-token');
  });
});

describe('a DPoP-bound fintech presents every token to the bank as DPoP, with a fresh proof for that request (RFC 9449 7)', () => {
  const bankCalls = (requests: RecordedRequest[]) => requests.filter((r) => r.url.startsWith(BANK_URL) && !r.url.endsWith('/jwks'));

  it('the client-credentials token is requested with a proof, and the consent POST presents it as DPoP with ath', async () => {
    const { tpp, journey, sent } = await setUp(fapi2('dpop'));
    await journey.startAccountAccess();

    expect(dpopProof(sent(`${ISSUER}/token`)[0]).claims).toMatchObject({ htm: 'POST', htu: `${ISSUER}/token` });
    const [consent] = sent(`${AISP}/account-access-consents`);
    expect(consent.headers.authorization).toBe('DPoP cc-token-accounts');
    const { header, claims } = dpopProof(consent);
    expect(claims).toEqual({ htm: 'POST', htu: `${AISP}/account-access-consents`, iat: expect.any(Number), jti: expect.any(String), ath: sha256('cc-token-accounts') });
    expect(await calculateJwkThumbprint(header.jwk as JWK)).toBe(await dpopThumbprint(tpp));
  });

  it('each read has its own proof: the method and URL called, a new jti, the hash of the PSU token', async () => {
    const { sandbox, journey } = await setUp(fapi2('dpop'));
    await journey.sharedAccount({ consentId: CONSENT_ID, accessToken: 'psu-token' }, 'acc-001');

    const calls = bankCalls(sandbox.requests);
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.headers.authorization).toBe('DPoP psu-token');
      expect(dpopProof(call).claims).toMatchObject({ htm: 'GET', htu: call.url, ath: sha256('psu-token') });
    }
    expect(new Set(calls.map((call) => dpopProof(call).claims.jti)).size).toBe(3);
  });

  it('a signed payment POST carries its proof beside the OB signature and idempotency key', async () => {
    const { sandbox, journey } = await setUp(fapi2('dpop'));
    await journey.startPayment({ payeeName: 'Bob Builder', sortCode: '123456', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' });

    const [consent] = bankCalls(sandbox.requests);
    expect(consent.headers).toMatchObject({ authorization: 'DPoP cc-token-payments', 'x-idempotency-key': expect.any(String), 'x-jws-signature': expect.any(String) });
    expect(dpopProof(consent).claims).toMatchObject({ htm: 'POST', htu: `${BANK_URL}/open-banking/v4.0/pisp/domestic-payment-consents` });
  });

  it('a bank refusal with a DPoP challenge (401 WWW-Authenticate) is a BankApiError with its status and OB codes', async () => {
    const challenging = (sandbox: FakeSandbox): oidc.CustomFetch => async (url, options) =>
      url.startsWith(AISP)
        ? new Response(JSON.stringify({ Code: '401', Message: 'Unauthorized', Errors: [{ ErrorCode: 'U001' }] }), {
            status: 401,
            headers: { 'www-authenticate': 'DPoP error="invalid_dpop_proof", error_description="stale iat"', 'content-type': 'application/json' },
          })
        : sandbox.fetch(url, options);
    const { journey } = await setUp(fapi2('dpop'), challenging);
    const refusal = await journey.sharedAccounts({ consentId: CONSENT_ID, accessToken: 'psu-token' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BankApiError);
    expect(refusal).toMatchObject({ status: 401, errorCodes: ['U001'] });
  });

  it('a bank that asks for a nonce (use_dpop_nonce) gets the request once more, its proof carrying that nonce', async () => {
    const askingForNonce = (sandbox: FakeSandbox): oidc.CustomFetch => async (url, options) => {
      const proof = options.headers.dpop;
      if (url === `${AISP}/accounts` && proof && !decodeJwt(proof).nonce) {
        sandbox.requests.push({ url, method: options.method, headers: options.headers, body: '' });
        return new Response(null, { status: 401, headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'bank-nonce-1' } });
      }
      return sandbox.fetch(url, options);
    };
    const { sandbox, journey } = await setUp(fapi2('dpop'), askingForNonce);
    await journey.sharedAccounts({ consentId: CONSENT_ID, accessToken: 'psu-token' });

    const reads = sandbox.requests.filter((r) => r.url === `${AISP}/accounts`);
    expect(reads.map((read) => dpopProof(read).claims.nonce)).toEqual([undefined, 'bank-nonce-1']);
  });
});

describe('a DPoP-bound fintech started before its authorization server answers', () => {
  it('fails the first journey and runs the next one once the AS answers (nothing cached from the failure)', async () => {
    const { tpp } = await testTpp(fapi2('dpop'));
    const sandbox = await FakeSandbox.create(tpp);
    const config = authorizationServerConfiguration(tpp, sandbox.metadata(), sandbox.fetch);
    let asUp = false;
    const journey = new TppJourney(tpp, REDIRECT_URI, recorderOf(tpp), {
      fetch: sandbox.fetch,
      authorizationServer: async () => {
        if (!asUp) throw new TypeError('fetch failed');
        return config;
      },
    });
    await expect(journey.startAccountAccess()).rejects.toThrow('fetch failed');
    asUp = true;
    await expect(journey.startAccountAccess()).resolves.toMatchObject({ pending: { consentId: CONSENT_ID } });
    expect(sandbox.requests.find((r) => r.url === `${AISP}/account-access-consents`)?.headers.authorization).toBe('DPoP cc-token-accounts');
  });
});
