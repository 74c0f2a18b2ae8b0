import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AccountAccessConsent } from '@fapi/nats-contract';
import { ObError } from '@fapi/open-banking';
import { x5tS256 } from '@fapi/pki';
import { type TestCertificate, TestPki } from '@fapi/testing';
import { tppCertificates } from '../../testing/tpp-certificates';
import type { AccessTokenClaims } from '../../access/access-token';
import { authorizeClientCredentials } from '../../access/authorize';
import { mtlsCertificateBinding } from '../../access/bindings/mtls-certificate';
import { AISP_SCOPE, authorizeConsentAccess, type ConsentAccessDependencies } from './aisp-access';

let pki: TestPki;
let tppA: TestCertificate;
beforeAll(async () => {
  pki = await TestPki.create();
  ({ tppA } = tppCertificates(pki));
});
afterAll(() => pki.remove());

const request = (url = '/open-banking/v4.0/aisp/accounts', authorization = 'Bearer token') =>
  ({
    url,
    headers: { authorization },
    socket: { authorized: true, getPeerX509Certificate: () => new X509Certificate(tppA.cert), disableRenegotiation: () => undefined },
  }) as unknown as IncomingMessage;

const consent: AccountAccessConsent = {
  consentId: 'consent-1',
  clientId: 'tpp-a',
  status: 'AUTH',
  permissions: ['ReadAccountsBasic'],
  creationDateTime: '2026-01-01T00:00:00Z',
  statusUpdateDateTime: '2026-01-01T00:00:00Z',
  psuId: 'psu-mia',
  accountIds: ['acc-mia-everyday'],
};

function dependencies(claims: Partial<AccessTokenClaims>, current: AccountAccessConsent | undefined = consent) {
  const calls: string[] = [];
  const deps: ConsentAccessDependencies = {
    tokens: {
      verify: async () => {
        calls.push('verify');
        return { client_id: 'tpp-a', scope: 'accounts', cnf: { 'x5t#S256': x5tS256(tppA.cert) }, ...claims } as AccessTokenClaims;
      },
    },
    bindings: [mtlsCertificateBinding],
    consents: {
      current: async () => {
        calls.push('consent');
        return current;
      },
    },
    accountExists: async () => true,
    now: () => new Date('2026-03-01T00:00:00Z'),
  };
  return { deps, calls };
}

const intentClaims = { sub: 'psu-mia', openbanking_intent_id: 'consent-1' };

describe('the order of the checks of an AISP request', () => {
  it('a token in the query string is refused before the token is even verified', async () => {
    const { deps, calls } = dependencies(intentClaims);
    await expect(authorizeConsentAccess(request('/x?access_token=token'), { anyPermissionOf: ['ReadAccountsBasic'] }, deps)).rejects.toEqual(
      ObError.unauthorized(),
    );
    expect(calls).toEqual([]);
  });

  it('the certificate binding is checked before the scope, and the consent is not read for a refused token', async () => {
    const { deps, calls } = dependencies({ ...intentClaims, scope: 'payments', cnf: { 'x5t#S256': 'another' } });
    await expect(authorizeConsentAccess(request(), { anyPermissionOf: ['ReadAccountsBasic'] }, deps)).rejects.toEqual(ObError.unauthorized());
    expect(calls).toEqual(['verify']);
  });

  it('consent management returns the client of a client-credentials token with the API scope', async () => {
    await expect(authorizeClientCredentials(request(), dependencies({}).deps, AISP_SCOPE)).resolves.toBe('tpp-a');
    await expect(authorizeClientCredentials(request(), dependencies({}).deps, 'payments')).rejects.toMatchObject({ status: 403 });
  });

  it('account information reads the consent on every request and returns it when it allows the request', async () => {
    const { deps, calls } = dependencies(intentClaims);
    const needs = { anyPermissionOf: ['ReadAccountsBasic'] as const, accountId: 'acc-mia-everyday' };
    await expect(authorizeConsentAccess(request(), needs, deps)).resolves.toEqual({ clientId: 'tpp-a', consent });
    await authorizeConsentAccess(request(), needs, deps);
    expect(calls).toEqual(['verify', 'consent', 'verify', 'consent']);
  });

  it('a revoked consent stops working at once', async () => {
    const { deps } = dependencies(intentClaims, { ...consent, status: 'CANC' });
    await expect(authorizeConsentAccess(request(), { anyPermissionOf: ['ReadAccountsBasic'] }, deps)).rejects.toMatchObject({
      status: 403,
      errors: [{ ErrorCode: 'U009' }],
    });
  });
});
