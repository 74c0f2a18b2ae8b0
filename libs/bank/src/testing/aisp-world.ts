import type { AccountAccessConsent } from '@fapi/nats-contract';
import { type FakeConsentService, startFakeConsentService, type TestCertificate } from '@fapi/testing';
import { BANK_URL, type BankUnderTest } from './bank-under-test';
import { startBankWithFakes } from './bank-with-fakes';
import type { FakeAuthorizationServer, TokenOptions } from './fake-authorization-server';
import { TppClient } from './tpp-client';

export const AISP = '/open-banking/v4.0/aisp';

/**
 * Everything an AISP test talks to: the bank (in-process, HTTPS + mTLS), a fake authorization server whose tokens it
 * trusts, a fake consent-service on the bank's NATS server, and TPP clients: `tppA` / `tppB` with transport
 * certificates from the sandbox CA, `noCertificate` without one, `foreignCa` with a certificate from another CA.
 */
export interface AispWorld {
  bank: BankUnderTest;
  authorizationServer: FakeAuthorizationServer;
  consentService: FakeConsentService;
  /** The fake consent-service's account-access consents (tests put them in directly). */
  consents: FakeConsentService['accountAccess'];
  tppA: TppClient;
  tppB: TppClient;
  noCertificate: TppClient;
  foreignCa: TppClient;
  /** TPP A's client-credentials token (scope accounts), bound to its certificate. */
  clientToken(options?: TokenOptions): Promise<string>;
  /** TPP A's token authorised by the consent's PSU for that consent, bound to its certificate. */
  consentToken(consent: AccountAccessConsent, options?: TokenOptions): Promise<string>;
  /** A token bound to another certificate. */
  tokenFor(certificate: TestCertificate, options?: TokenOptions): Promise<string>;
  stop(): Promise<void>;
}

export async function startAispWorld(name: string): Promise<AispWorld> {
  const { bank, authorizationServer, fakes, stop } = await startBankWithFakes(name, startFakeConsentService);
  const { pki, certificates, origin } = bank;
  const clients = {
    tppA: new TppClient(origin, pki.caPem, certificates.tppA),
    tppB: new TppClient(origin, pki.caPem, certificates.tppB),
    noCertificate: new TppClient(origin, pki.caPem),
    foreignCa: new TppClient(origin, pki.caPem, certificates.foreignTpp),
  };
  const tokenFor = (certificate: TestCertificate, options?: TokenOptions) => authorizationServer.token(BANK_URL, certificate, options);
  return {
    bank,
    authorizationServer,
    consentService: fakes.state,
    consents: fakes.state.accountAccess,
    ...clients,
    tokenFor,
    clientToken: (options) => tokenFor(certificates.tppA, options),
    consentToken: (consent, options = {}) =>
      tokenFor(certificates.tppA, { ...options, claims: { sub: consent.psuId, openbanking_intent_id: consent.consentId, ...options.claims } }),
    async stop() {
      await Promise.all(Object.values(clients).map((client) => client.close()));
      await stop();
    },
  };
}
