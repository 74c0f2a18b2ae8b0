import type { JWK, JSONWebKeySet } from 'jose';
import { signDetachedJws, verifyDetachedJws } from '@fapi/message-signing';
import { Requests } from '@fapi/nats-contract';
import { expectConformsToPisSpec } from '@fapi/open-banking/testing';
import { type FakeConsentService, type RunningNatsFake, signingKey, startFakeConsentService, type TestCertificate } from '@fapi/testing';
import { BANK_URL, type BankUnderTest } from './bank-under-test';
import { startBankWithFakes } from './bank-with-fakes';
import type { FakeAuthorizationServer, TokenOptions } from './fake-authorization-server';
import { type FakeClientKeys, startFakeClientKeys } from './fake-client-keys';
import { type BankResponse, TppClient } from './tpp-client';

export const PISP = '/open-banking/v4.0/pisp';

/** The bank's org id in these tests (BANK_ORG_ID), the iss of its response signatures. */
export const TEST_BANK_ORG_ID = 'test-bank-org';

/** A TPP as the bank sees it: its client_id, its transport certificate and its registered PS256 signing key. */
export interface PispTpp {
  clientId: string;
  certificate: TestCertificate;
  http: TppClient;
  signingKey: JWK;
  publicKey: JWK;
}

export interface SignedPost {
  token?: string;
  /** Default: a fresh key per call; null sends none. */
  idempotencyKey?: string | null;
  /** Default: the TPP's signature over the body; null sends none; a string is sent as it is. */
  signature?: string | null;
  headers?: Record<string, string>;
  /** The body as sent (default: JSON.stringify(json)). */
  rawBody?: string;
}

/**
 * Everything a PISP test talks to: the bank in-process (HTTPS + mTLS, its database, its private JetStream NATS
 * server and settlement worker), a fake authorization server (JWKS + tokens), fakes of consent-service (payment
 * consents) and of the AS's client-key registry on the bank's NATS, and two TPPs with registered signing keys.
 */
export interface PispWorld {
  bank: BankUnderTest;
  authorizationServer: FakeAuthorizationServer;
  consentService: FakeConsentService;
  /** The fake consent-service's domestic payment consents (tests change them directly). */
  consents: FakeConsentService['domesticPayment'];
  /** The PSU approves the consent on the AS's consent page, paying from `debtorAccountId`: AWAU -> AUTH. */
  authorise(consentId: string, psuId: string, debtorAccountId: string): void;
  tppA: PispTpp;
  tppB: PispTpp;
  /** A client-credentials token (scope openid payments) of the TPP, bound to its certificate. */
  clientToken(tpp: PispTpp, options?: TokenOptions): Promise<string>;
  /** A token the consent's PSU authorised for that consent (scope openid payments), for the TPP, bound to its certificate. */
  consentToken(tpp: PispTpp, consentId: string, options?: TokenOptions): Promise<string>;
  /** POST with the PISP headers: idempotency key, the TPP's x-jws-signature over the exact bytes sent. */
  post(tpp: PispTpp, path: string, json: unknown, options?: SignedPost): Promise<BankResponse>;
  get(tpp: PispTpp, path: string, token?: string): Promise<BankResponse>;
  /** The TPP's x-jws-signature of a body (signed with `key`, as `iss`, when given). */
  sign(tpp: PispTpp, body: string, options?: { key?: JWK; kid?: string; iss?: string }): Promise<string>;
  /** The bank's published signing keys (GET /jwks, no token). */
  bankJwks(): Promise<JSONWebKeySet>;
  /** Verifies a response's x-jws-signature over its exact bytes with the bank's published keys, as the bank's iss. */
  verifyBankSignature(response: BankResponse): Promise<void>;
  /**
   * Asserts what every PISP response must be: conforming to the official PISP OpenAPI (body and headers), with the
   * bank's verifiable signature when it has a body and none when it has not.
   */
  expectPisResponse(method: string, path: string, response: BankResponse): Promise<void>;
  stop(): Promise<void>;
}

async function registeredTpp(clientId: string, certificate: TestCertificate, origin: string, caPem: string): Promise<PispTpp> {
  const { privateJwk, publicJwk } = await signingKey('PS256');
  return { clientId, certificate, http: new TppClient(origin, caPem, certificate), signingKey: privateJwk, publicKey: publicJwk };
}

/** consent-service and the AS's client-key registry, as fakes on the bank's NATS server. */
async function startPispFakes(natsUrl: string): Promise<RunningNatsFake<{ consentService: FakeConsentService; clientKeys: FakeClientKeys }>> {
  const [consentService, clientKeys] = await Promise.all([startFakeConsentService(natsUrl), startFakeClientKeys(natsUrl)]);
  return {
    state: { consentService: consentService.state, clientKeys: clientKeys.state },
    stop: async () => {
      await consentService.stop();
      await clientKeys.stop();
    },
  };
}

export async function startPispWorld(name: string): Promise<PispWorld> {
  process.env.BANK_ORG_ID = TEST_BANK_ORG_ID;
  const { bank, authorizationServer, fakes, stop } = await startBankWithFakes(name, startPispFakes);
  const { consentService, clientKeys } = fakes.state;
  const { pki, certificates, origin } = bank;
  const tppA = await registeredTpp('tpp-a', certificates.tppA, origin, pki.caPem);
  const tppB = await registeredTpp('tpp-b', certificates.tppB, origin, pki.caPem);
  for (const tpp of [tppA, tppB]) clientKeys.set(tpp.clientId, [tpp.publicKey]);
  const anonymous = new TppClient(origin, pki.caPem);

  const tokenOf = (tpp: PispTpp, claims: Record<string, unknown>, options: TokenOptions = {}) =>
    authorizationServer.token(BANK_URL, tpp.certificate, {
      ...options,
      claims: { client_id: tpp.clientId, sub: tpp.clientId, scope: 'openid payments', ...claims, ...options.claims },
    });
  const sign: PispWorld['sign'] = (tpp, body, options = {}) =>
    signDetachedJws(body, options.key ?? tpp.signingKey, { kid: options.kid ?? (options.key ?? tpp.signingKey).kid!, iss: options.iss ?? tpp.clientId });
  let bankKeys: Promise<JSONWebKeySet> | undefined;
  const bankJwks = () => (bankKeys ??= anonymous.call('GET', '/jwks').then((response) => response.body as JSONWebKeySet));
  const verifyBankSignature = async (response: BankResponse) => {
    await verifyDetachedJws(response.headers['x-jws-signature'], response.text, await bankJwks(), { expectedIss: TEST_BANK_ORG_ID });
  };

  return {
    bank,
    authorizationServer,
    consentService,
    consents: consentService.domesticPayment,
    authorise(consentId, psuId, debtorAccountId) {
      const clientId = consentService.domesticPayment.get(consentId)?.clientId ?? 'nobody';
      const reply = consentService.answer(Requests.authoriseDomesticPaymentConsent, { consentId, clientId, psuId, debtorAccountId });
      if (!reply.ok) throw new Error(`consent ${consentId} is not awaiting authorisation: ${reply.error.message}`);
    },
    tppA,
    tppB,
    clientToken: (tpp, options) => tokenOf(tpp, {}, options),
    consentToken: (tpp, consentId, options) =>
      tokenOf(tpp, { sub: consentService.domesticPayment.get(consentId)?.psuId ?? 'psu-mia', openbanking_intent_id: consentId }, options),
    async post(tpp, path, json, options = {}) {
      const body = options.rawBody ?? JSON.stringify(json);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      const key = options.idempotencyKey === undefined ? crypto.randomUUID() : options.idempotencyKey;
      if (key !== null) headers['x-idempotency-key'] = key;
      const signature = options.signature === undefined ? await sign(tpp, body) : options.signature;
      if (signature !== null) headers['x-jws-signature'] = signature;
      return tpp.http.call('POST', path, { token: options.token, headers, rawBody: body });
    },
    get: (tpp, path, token) => tpp.http.call('GET', path, { token }),
    sign,
    bankJwks,
    verifyBankSignature,
    async expectPisResponse(method, path, response) {
      await expectConformsToPisSpec(method, path, response.status, response.body, response.headers);
      if (response.text === '') expect(response.headers['x-jws-signature']).toBeUndefined();
      else await verifyBankSignature(response);
    },
    async stop() {
      await Promise.all([tppA.http.close(), tppB.http.close(), anonymous.close()]);
      await stop();
    },
  };
}

/** The OB error codes of a refusal's body. */
export const errorCodes = (response: BankResponse): string[] =>
  ((response.body as { Errors?: { ErrorCode: string }[] }).Errors ?? []).map((error) => error.ErrorCode);
