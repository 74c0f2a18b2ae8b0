import * as oidc from 'openid-client';
import { completeAuthorization, IntentMismatch, MissingAuthorizationResponse } from './authorization-callback';
import { buildAuthorizationRequest, type PendingAuthorization } from './authorization-request';
import { authorizationServerConfiguration } from './authorization-server';
import { fintechProtocol } from './fintech-protocol';
import type { OnboardedTpp } from '@fapi/onboarding';
import { CONSENT_ID, FakeSandbox, halfHash, ISSUER, REDIRECT_URI, testTpp } from './testing/fake-sandbox';

async function pendingAuthorization(overrides: Partial<OnboardedTpp>) {
  const { tpp } = await testTpp(overrides);
  const sandbox = await FakeSandbox.create(tpp);
  const config = authorizationServerConfiguration(tpp, sandbox.metadata(), sandbox.fetch);
  const { pending } = await buildAuthorizationRequest(config, tpp, { consentId: CONSENT_ID, purpose: { kind: 'account-access' } }, REDIRECT_URI);
  const complete = (parameters: URLSearchParams, which: PendingAuthorization = pending) =>
    completeAuthorization(config, fintechProtocol(tpp).response, which, parameters, { now: () => 1_000_000 });
  return { tpp, sandbox, pending, complete };
}

const tokenRequest = (sandbox: FakeSandbox) =>
  new URLSearchParams(sandbox.requests.filter((r) => r.url === `${ISSUER}/token`).at(-1)?.body);

describe.each(['PS256', 'ES256'] as const)('a JARM response (%s) is verified before the code is redeemed', (signingAlg) => {
  it('redeems the code with the PKCE verifier and the redirect URI, and keeps the token for the consent', async () => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'jarm', signingAlg });
    const connection = await complete(await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state }));
    expect(connection).toEqual({ consentId: CONSENT_ID, accessToken: 'psu-token', expiresAt: 1_000_000 + 300_000, scope: 'openid accounts' });
    expect(tokenRequest(sandbox).get('code_verifier')).toBe(pending.codeVerifier);
    expect(tokenRequest(sandbox).get('redirect_uri')).toBe(REDIRECT_URI);
  });

  it('a response signed with another key is refused and no code is redeemed', async () => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'jarm', signingAlg });
    const forged = await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state }, signingAlg, await sandbox.forgedKey(signingAlg));
    await expect(complete(forged)).rejects.toMatchObject({ code: 'OAUTH_INVALID_RESPONSE', cause: { message: 'JWT signature verification failed' } });
    expect(tokenRequest(sandbox).has('code')).toBe(false);
  });
});

describe('JARM claims bind the response to this AS, this client, this moment and this request', () => {
  it.each([
    ['another issuer', { iss: 'https://evil.test' }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    ['another audience', { aud: 'someone-else' }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    ['an expired response', { exp: Math.floor(Date.now() / 1000) - 3600 }, 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED'],
    ['another state', { state: 'forged-state' }, 'OAUTH_INVALID_RESPONSE'],
  ])('refuses %s', async (_case, claims, code) => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'jarm' });
    await expect(complete(await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state, ...claims }))).rejects.toMatchObject({ code });
  });

  it('refuses a plain (unsigned) query response where JARM was asked for', async () => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'jarm' });
    const plain = new URLSearchParams({ code: sandbox.issueCode(pending), state: pending.state });
    await expect(complete(plain)).rejects.toMatchObject({ code: 'OAUTH_INVALID_RESPONSE' });
  });

  it('an error inside JARM (access_denied) surfaces as the authorization error', async () => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'jarm' });
    const denied = complete(await sandbox.jarm({ error: 'access_denied', error_description: 'PSU said no', state: pending.state }));
    await expect(denied).rejects.toBeInstanceOf(oidc.AuthorizationResponseError);
    await expect(denied).rejects.toMatchObject({ error: 'access_denied', error_description: 'PSU said no' });
  });
});

describe('a hybrid response is verified with the ID Token as detached signature', () => {
  it.each(['PS256', 'ES256'] as const)('%s: c_hash, s_hash, nonce and signature match, so the code is redeemed', async (signingAlg) => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'hybrid', signingAlg, authMethod: 'tls_client_auth' });
    const connection = await complete(await sandbox.hybrid(pending));
    expect(connection.accessToken).toBe('psu-token');
    expect(tokenRequest(sandbox).get('code_verifier')).toBe(pending.codeVerifier);
  });

  it.each([
    ['no s_hash', { s_hash: undefined }, 'OAUTH_INVALID_RESPONSE'],
    ['an s_hash of another state', { s_hash: halfHash('another state') }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    ['a c_hash of another code', { c_hash: halfHash('another code') }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    ['another nonce', { nonce: 'replayed-nonce' }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    ['another audience', { aud: 'someone-else' }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
  ])('refuses an ID Token with %s', async (_case, claims, code) => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'hybrid' });
    await expect(complete(await sandbox.hybrid(pending, claims))).rejects.toMatchObject({ code });
    expect(tokenRequest(sandbox).has('code')).toBe(false);
  });

  it('an error in the fragment (access_denied) surfaces as the authorization error', async () => {
    const { pending, complete } = await pendingAuthorization({ responseStyle: 'hybrid' });
    const denied = complete(new URLSearchParams({ error: 'access_denied', state: pending.state }));
    await expect(denied).rejects.toMatchObject({ error: 'access_denied' });
  });
});

describe('the ID Token must return the consent the PSU was asked to authorise (openbanking_intent_id)', () => {
  it('refuses tokens whose ID Token names another consent', async () => {
    const { sandbox, pending, complete } = await pendingAuthorization({ responseStyle: 'jarm' });
    const code = sandbox.issueCode(pending, 'aac-of-someone-else');
    await expect(complete(await sandbox.jarm({ code, state: pending.state }))).rejects.toEqual(new IntentMismatch(CONSENT_ID, 'aac-of-someone-else'));
  });
});

describe('a callback without any response parameter is refused before anything is redeemed', () => {
  it.each(['jarm', 'hybrid'] as const)('%s: missing_authorization_response', async (responseStyle) => {
    const { sandbox, complete } = await pendingAuthorization({ responseStyle });
    await expect(complete(new URLSearchParams())).rejects.toEqual(new MissingAuthorizationResponse());
    expect(tokenRequest(sandbox).has('code')).toBe(false);
  });
});
