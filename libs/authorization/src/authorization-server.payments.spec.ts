import { Test, type TestingModule } from '@nestjs/testing';
import { decodeJwt, jwtVerify } from 'jose';
import { NatsContractClient, NatsContractModule, Requests } from '@fapi/nats-contract';
import { x5tS256 } from '@fapi/pki';
import { type Browser, pkce } from '@fapi/testing';
import { html } from '@fapi/web-pages';
import { FIXED_ACCOUNT_NOT_YOURS } from './interactions/account-choices';
import { AuthorizationServerHarness, BANK_URL } from './testing/authorization-server-harness';
import { PSU, PSU_ACCOUNTS } from './testing/fake-bank-customers';
import { expectPage, expectRedirect, pushAuthorizationRequest, signInToConsentPage } from './testing/psu-journey';
import { type HttpResult, intentClaims, type TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const PAYMENT_PAGE = 'Confirm your payment';
const [CURRENT, SAVINGS] = PSU_ACCOUNTS;

function expectOAuthError(result: HttpResult, status: number, error: string): void {
  expect({ status: result.status, error: result.json.error }).toEqual({ status, error });
}

describe('domestic payment consents at the authorization server', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_payments');
  let tpp: TestTpp;
  let otherTpp: TestTpp;
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    otherTpp = await server.registerTpp({ authMethod: 'tls_client_auth', alg: 'ES256', style: 'jarm' });
  });

  beforeEach(() => {
    browser = server.browser();
  });

  afterEach(async () => {
    await browser?.close();
  });

  afterAll(async () => {
    await tpp?.connection.close();
    await otherTpp?.connection.close();
    await server.stop();
  });

  /** A PAR + JARM request for `consentId` with the payments scope: the authorization URL, its PKCE verifier and state. */
  const pushPaymentRequest = (consentId: string, scope = 'openid payments') => pushAuthorizationRequest(tpp, consentId, scope);

  /** The verified JARM response the TPP's callback received. */
  async function jarmResponse(callback: URL) {
    const { payload } = await jwtVerify(String(callback.searchParams.get('response')), server.jwks, { issuer: server.issuer, audience: tpp.clientId });
    return payload;
  }

  const paymentPage = async (consentId: string) => signInToConsentPage(browser, (await pushPaymentRequest(consentId)).url, PAYMENT_PAGE);

  const authorisationsOf = (consentId: string) => server.consentService.received(Requests.authoriseDomesticPaymentConsent).filter((request) => request.consentId === consentId);

  describe('the consent page', () => {
    it('shows the TPP, the payee with sort code and account number, the amount, the reference, and the fixed debtor account read-only', async () => {
      const consent = server.createPaymentConsent(tpp.clientId, { debtorAccountId: SAVINGS.accountId });
      const page = await paymentPage(consent.consentId);
      expect(page.html).toContain(`<strong id="tpp-name">${tpp.clientName}</strong>`);
      expect(page.html).toContain('<dd id="payee-name">ACME &lt;Inc&gt;</dd>');
      expect(page.html).toContain('<dd id="payee-sort-code">08-08-00</dd>');
      expect(page.html).toContain('<dd id="payee-account-number">21325698</dd>');
      expect(page.$('#payment-amount').text()).toBe('£165.88');
      expect(page.html).toContain('<dd id="payment-reference">FRESCO-101</dd>');
      expect(page.$('#fixed-debtor-account').text()).toBe('Rainy day 60-16-13 31926820 · GBP');
      expect(page.html).not.toContain('type="radio"');
      expect(page.$('form[method=post]').attr('action')).toMatch(/^\/interaction\//);
      expect(page.html).toContain('name="decision" value="approve"');
      expect(page.html).not.toMatch(/<script/i);
    });

    it('offers the PSU their accounts as radio buttons when the TPP left the debtor account open', async () => {
      const consent = server.createPaymentConsent(tpp.clientId);
      const page = await paymentPage(consent.consentId);
      for (const account of PSU_ACCOUNTS) {
        expect(page.$(`input[type=radio][name=debtorAccountId][value="${account.accountId}"]`).is('[required]')).toBe(true);
      }
      expect(page.html).toContain(html`${CURRENT.nickname}`.value);
      expect(page.html).not.toContain('fixed-debtor-account');
    });
  });

  describe('approving', () => {
    it('a fixed debtor account is the one authorised, whatever the form sends; the tokens carry the intent, scope payments and cnf', async () => {
      const consent = server.createPaymentConsent(tpp.clientId, { debtorAccountId: SAVINGS.accountId });
      const { url, verifier, state } = await pushPaymentRequest(consent.consentId);
      const page = await signInToConsentPage(browser, url, PAYMENT_PAGE);
      const callback = expectRedirect(await browser.submit(page, 'form', { decision: 'approve', debtorAccountId: CURRENT.accountId }));
      const response = await jarmResponse(callback);
      expect(response.state).toBe(state);

      expect(authorisationsOf(consent.consentId)).toEqual([
        { consentId: consent.consentId, clientId: tpp.clientId, psuId: PSU.psuId, debtorAccountId: SAVINGS.accountId },
      ]);
      expect(server.consentService.domesticPayment.get(consent.consentId)?.status).toBe('AUTH');

      const tokens = await tpp.token({ grant_type: 'authorization_code', code: String(response.code), redirect_uri: tpp.redirectUri, code_verifier: verifier });
      expect(tokens.status).toBe(200);
      const { payload: accessToken } = await jwtVerify(String(tokens.json.access_token), server.jwks, { issuer: server.issuer, audience: BANK_URL });
      expect(accessToken).toMatchObject({
        sub: PSU.psuId,
        client_id: tpp.clientId,
        scope: 'payments',
        openbanking_intent_id: consent.consentId,
        cnf: { 'x5t#S256': x5tS256(tpp.transport.cert) },
      });
      const { payload: idToken } = await jwtVerify(String(tokens.json.id_token), server.jwks, { issuer: server.issuer, audience: tpp.clientId });
      expect(idToken).toMatchObject({ sub: PSU.psuId, acr: 'urn:openbanking:psd2:sca', openbanking_intent_id: consent.consentId });
    });

    it('an open debtor account needs exactly one of the PSU accounts chosen; the chosen one is authorised', async () => {
      const consent = server.createPaymentConsent(tpp.clientId);
      const page = await paymentPage(consent.consentId);

      const none = expectPage(await browser.submit(page, 'form', { decision: 'approve' }));
      expect(none.html).toContain('Choose the one account to pay from');
      const two = expectPage(await browser.submit(page, 'form', { decision: 'approve', debtorAccountId: [CURRENT.accountId, SAVINGS.accountId] }));
      expect(two.html).toContain('Choose the one account to pay from');
      const notTheirs = expectPage(await browser.submit(page, 'form', { decision: 'approve', debtorAccountId: 'acc-of-someone-else' }));
      expect(notTheirs.html).toContain('Choose the one account to pay from');
      expect(authorisationsOf(consent.consentId)).toEqual([]);
      expect(server.consentService.domesticPayment.get(consent.consentId)?.status).toBe('AWAU');

      const callback = expectRedirect(await browser.submit(page, 'form', { decision: 'approve', debtorAccountId: CURRENT.accountId }));
      expect((await jarmResponse(callback)).code).toEqual(expect.any(String));
      expect(authorisationsOf(consent.consentId)).toEqual([
        { consentId: consent.consentId, clientId: tpp.clientId, psuId: PSU.psuId, debtorAccountId: CURRENT.accountId },
      ]);
    });

    it('a payment authorisation grants payments only, even when the request also asked for accounts', async () => {
      const consent = server.createPaymentConsent(tpp.clientId, { debtorAccountId: CURRENT.accountId });
      const { url, verifier } = await pushPaymentRequest(consent.consentId, 'openid accounts payments');
      const page = await signInToConsentPage(browser, url, PAYMENT_PAGE);
      const response = await jarmResponse(expectRedirect(await browser.submit(page, 'form', { decision: 'approve' })));
      const tokens = await tpp.token({ grant_type: 'authorization_code', code: String(response.code), redirect_uri: tpp.redirectUri, code_verifier: verifier });
      expect(decodeJwt(String(tokens.json.access_token))).toMatchObject({ scope: 'payments', openbanking_intent_id: consent.consentId });
    });

    it("a fixed debtor account that is not one of the PSU's cannot be approved: the page says so and offers only Deny", async () => {
      const consent = server.createPaymentConsent(tpp.clientId, { debtorAccountId: 'acc-of-someone-else' });
      const page = await paymentPage(consent.consentId);
      expect(page.html).toContain(FIXED_ACCOUNT_NOT_YOURS);
      expect(page.html).not.toContain('value="approve"');
      expect(page.html).toContain('name="decision" value="deny"');

      const forced = expectPage(await browser.submit(page, 'form', { decision: 'approve', debtorAccountId: CURRENT.accountId }));
      expect(forced.html).toContain(FIXED_ACCOUNT_NOT_YOURS);
      expect(authorisationsOf(consent.consentId)).toEqual([]);
      expect(server.consentService.domesticPayment.get(consent.consentId)?.status).toBe('AWAU');
    });
  });

  it('Deny rejects the payment consent and returns access_denied to the TPP', async () => {
    const consent = server.createPaymentConsent(tpp.clientId);
    const page = await paymentPage(consent.consentId);
    const response = await jarmResponse(expectRedirect(await browser.submit(page, 'form', { decision: 'deny' })));
    expect(response).toMatchObject({ error: 'access_denied', state: `state-${consent.consentId}` });
    expect(response).not.toHaveProperty('code');
    expect(server.consentService.domesticPayment.get(consent.consentId)?.status).toBe('RJCT');
    expect(authorisationsOf(consent.consentId)).toEqual([]);
  });

  describe('the openbanking_intent_id binding for payment consents', () => {
    const par = async (consentId: string) =>
      tpp.par(
        await tpp.requestObject({
          response_type: 'code',
          response_mode: 'jwt',
          code_challenge: pkce().challenge,
          code_challenge_method: 'S256',
          scope: 'openid payments',
          claims: intentClaims(consentId),
        }),
      );

    it('an unknown payment consent is refused', async () => {
      expectOAuthError(await par('pdc-00000000-0000-0000-0000-000000000000'), 400, 'invalid_request');
    });

    it('a payment consent of another client is refused', async () => {
      const consent = server.createPaymentConsent(otherTpp.clientId);
      expectOAuthError(await par(consent.consentId), 400, 'invalid_request');
    });

    it('a payment consent no longer awaiting authorisation is refused', async () => {
      const consent = server.createPaymentConsent(tpp.clientId, { status: 'AUTH' });
      expectOAuthError(await par(consent.consentId), 400, 'access_denied');
    });

    it('an intent id that names no kind of consent is refused', async () => {
      const consent = server.createPaymentConsent(tpp.clientId);
      expectOAuthError(await par(consent.consentId.replace(/^pdc-/, 'xyz-')), 400, 'invalid_request');
    });
  });

  describe('registered client keys over NATS (Requests.getClientKeys)', () => {
    let callerModule: TestingModule;
    let caller: NatsContractClient;

    beforeAll(async () => {
      callerModule = await Test.createTestingModule({ imports: [NatsContractModule.forRoot(server.options)] }).compile();
      await callerModule.init();
      caller = callerModule.get(NatsContractClient);
    });

    afterAll(async () => {
      await callerModule?.close();
    });

    it("answers a registered client's public JWKS and name", async () => {
      const reply = await caller.request(Requests.getClientKeys, { clientId: tpp.clientId });
      expect(reply).toEqual({ ok: true, value: { clientId: tpp.clientId, clientName: tpp.clientName, jwks: { keys: [tpp.key.publicJwk] } } });
    });

    it('an unknown client is NOT_FOUND', async () => {
      expect(await caller.request(Requests.getClientKeys, { clientId: 'no-such-client' })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: expect.any(String) },
      });
    });

    it('a request without a clientId is INVALID', async () => {
      expect(await caller.request(Requests.getClientKeys, {} as never)).toEqual({ ok: false, error: { code: 'INVALID', message: expect.any(String) } });
    });
  });
});
