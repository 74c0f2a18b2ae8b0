import type { OnboardedTpp } from '@fapi/onboarding';
import { authorizationServerConfiguration } from './authorization-server';
import { fintechProtocol } from './fintech-protocol';
import { JourneyRecorder } from './inspector/journey-recorder';
import { TppJourney } from './journey';
import { BankApiError } from './ob-http';
import { OpenBankingApi } from './open-banking-api';
import { certificateBinding } from './token-binding';
import { ACCOUNTS, BALANCES, TRANSACTIONS } from './testing/ob-fixtures';
import { BANK_URL, CONSENT_ID, FakeSandbox, ISSUER, PAYMENT_CONSENT_ID, PAYMENT_ID, PISP, REDIRECT_URI, testTpp } from './testing/fake-sandbox';
import { useFintechDatabase } from './testing/fintech-database';


const database = useFintechDatabase('fapi_unit_tpp_journey');
/** Where the journey records for the flow inspector: the fintech database of this file. */
const recorderOf = (tpp: OnboardedTpp) => new JourneyRecorder(database.client(), tpp, fintechProtocol(tpp));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AISP = `${BANK_URL}/open-banking/v4.0/aisp`;

async function journey() {
  const { tpp } = await testTpp({ responseStyle: 'jarm' });
  const sandbox = await FakeSandbox.create(tpp);
  const config = authorizationServerConfiguration(tpp, sandbox.metadata(), sandbox.fetch);
  const tppJourney = new TppJourney(tpp, REDIRECT_URI, recorderOf(tpp), { fetch: sandbox.fetch, authorizationServer: async () => config });
  return { tpp, sandbox, tppJourney };
}

describe('the journey starts with a client-credentials token (scope accounts) and an account-access-consent', () => {
  it('asks the token endpoint for scope accounts, posts the consent with that token, and builds the request for its ConsentId', async () => {
    const { sandbox, tppJourney } = await journey();
    const { pending } = await tppJourney.startAccountAccess();

    const [token, consent] = sandbox.requests.filter((r) => r.url === `${ISSUER}/token` || r.url.startsWith(BANK_URL));
    expect(Object.fromEntries(new URLSearchParams(token.body))).toMatchObject({ grant_type: 'client_credentials', scope: 'accounts' });
    expect(consent).toMatchObject({ method: 'POST', url: `${AISP}/account-access-consents` });
    expect(consent.headers.authorization).toBe('Bearer cc-token-accounts');
    expect(pending.consentId).toBe(CONSENT_ID);
  });
});

describe('the account-access-consent asks for the fintech permissions for 90 days with an empty Risk', () => {
  it('posts OBReadConsent1 as JSON with a fresh x-fapi-interaction-id', async () => {
    const { sandbox } = await journey();
    const now = new Date('2026-11-25T12:00:00.000Z');
    await new OpenBankingApi(BANK_URL, certificateBinding(sandbox.fetch).sendToBank).createAccountAccessConsent('cc-token', now);
    const request = sandbox.requests[0];
    expect(JSON.parse(request.body)).toEqual({
      Data: {
        Permissions: ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsCredits', 'ReadTransactionsDebits', 'ReadTransactionsDetail'],
        ExpirationDateTime: '2027-02-23T12:00:00.000Z',
      },
      Risk: {},
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-fapi-interaction-id']).toMatch(UUID);
  });
});

describe('the shared data is read per account with the PSU token and an interaction id per call', () => {
  it('the overview reads the accounts, then the balances of each account (no transactions)', async () => {
    const { sandbox, tppJourney } = await journey();
    const shared = await tppJourney.sharedAccounts({ consentId: CONSENT_ID, accessToken: 'psu-token' });

    expect(shared).toEqual(ACCOUNTS.map((account) => ({ account, balances: BALANCES[account.AccountId] })));
    const bankCalls = sandbox.requests.filter((r) => r.url.startsWith(BANK_URL));
    expect(bankCalls.map((r) => r.url).sort()).toEqual([`${AISP}/accounts`, ...ACCOUNTS.map((a) => `${AISP}/accounts/${a.AccountId}/balances`)].sort());
    expect(bankCalls.every((r) => r.headers.authorization === 'Bearer psu-token')).toBe(true);
    const interactionIds = bankCalls.map((r) => r.headers['x-fapi-interaction-id']);
    expect(interactionIds.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(interactionIds).size).toBe(interactionIds.length);
  });

  it('one account is read with its balances and transactions', async () => {
    const { sandbox, tppJourney } = await journey();
    const shared = await tppJourney.sharedAccount({ consentId: CONSENT_ID, accessToken: 'psu-token' }, 'acc-001');
    expect(shared).toEqual({ account: ACCOUNTS[0], balances: BALANCES['acc-001'], transactions: TRANSACTIONS['acc-001'] });
    expect(sandbox.requests.map((r) => r.url).sort()).toEqual([`${AISP}/accounts/acc-001`, `${AISP}/accounts/acc-001/balances`, `${AISP}/accounts/acc-001/transactions`]);
  });
});

describe('disconnecting deletes the account-access-consent at the bank with a client-credentials token', () => {
  it('DELETE account-access-consents/{ConsentId} answered 204 (no body) completes', async () => {
    const { sandbox, tppJourney } = await journey();
    await tppJourney.disconnect({ consentId: CONSENT_ID, accessToken: 'psu-token' });
    const deleted = sandbox.requests.find((r) => r.method === 'DELETE');
    expect([deleted?.url, deleted?.headers.authorization]).toEqual([`${AISP}/account-access-consents/${CONSENT_ID}`, 'Bearer cc-token-accounts']);
    expect(sandbox.accountAccessEnded).toBe(true);
  });

  it('a consent the bank reports already ended (400 U009) counts as deleted; any other refusal does not', async () => {
    const { sandbox, tppJourney } = await journey();
    sandbox.accountAccessEnded = true;
    await expect(tppJourney.disconnect({ consentId: CONSENT_ID, accessToken: 'psu-token' })).resolves.toBeUndefined();
    await expect(tppJourney.disconnect({ consentId: 'aac-unknown', accessToken: 'psu-token' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('a bank refusal carries its status, OB error codes and interaction id', () => {
  it('reports 403 with the OBErrorResponse1 codes', async () => {
    const refusing = async () =>
      new Response(JSON.stringify({ Code: '403', Message: 'Forbidden', Errors: [{ ErrorCode: 'U028', Message: 'no permission' }] }), { status: 403 });
    const error = await new OpenBankingApi(BANK_URL, refusing).accounts('psu-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BankApiError);
    expect(error).toMatchObject({ status: 403, errorCodes: ['U028'], code: 'U028' });
    expect((error as BankApiError).interactionId).toMatch(UUID);
  });

  it('reports a 401 without body as bank_http_401', async () => {
    const unauthorised = async () => new Response(null, { status: 401 });
    await expect(new OpenBankingApi(BANK_URL, unauthorised).accounts('expired')).rejects.toMatchObject({ status: 401, code: 'bank_http_401' });
  });
});

const ORDER = { payeeName: 'Bob Builder', sortCode: '123456', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' };

describe('a payment starts with a client-credentials token (scope payments) and a signed domestic-payment-consent', () => {
  it('posts the consent for the order with that token and asks the PSU to authorise it (scope openid payments)', async () => {
    const { sandbox, tppJourney } = await journey();
    const { pending } = await tppJourney.startPayment(ORDER);

    const token = sandbox.requests.find((r) => r.url === `${ISSUER}/token`);
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toMatchObject({ grant_type: 'client_credentials', scope: 'payments' });
    const consent = sandbox.requests.find((r) => r.method === 'POST' && r.url === `${PISP}/domestic-payment-consents`);
    expect(consent?.headers.authorization).toBe('Bearer cc-token-payments');
    expect(JSON.parse(consent?.body as string).Data.Initiation.CreditorAccount).toEqual({
      SchemeName: 'UK.OBIE.SortCodeAccountNumber',
      Identification: '12345612345678',
      Name: 'Bob Builder',
    });
    expect(pending.consentId).toBe(PAYMENT_CONSENT_ID);
    expect(pending.purpose).toEqual({ kind: 'domestic-payment', initiation: JSON.parse(consent?.body as string).Data.Initiation, risk: {} });
  });

  it('a consent answer whose bank signature does not verify is refused before the PSU is sent anywhere', async () => {
    const { sandbox, tppJourney } = await journey();
    sandbox.bankSigning = 'tampered';
    await expect(tppJourney.startPayment(ORDER)).rejects.toMatchObject({ code: 'bank_signature_invalid' });
    expect(sandbox.requests.some((r) => r.url === `${ISSUER}/request`)).toBe(false);
  });
});

describe('on the callback the payment is made with the consent exactly as it was authorised', () => {
  it('posts the consent Initiation and Risk with the authorization-code token and a new idempotency key', async () => {
    const { sandbox, tppJourney } = await journey();
    const { pending } = await tppJourney.startPayment(ORDER);
    const outcome = await tppJourney.finish(pending, await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state }));

    expect(outcome).toMatchObject({ kind: 'domestic-payment', payment: { DomesticPaymentId: PAYMENT_ID, ConsentId: PAYMENT_CONSENT_ID, Status: 'RCVD' } });
    const consent = sandbox.requests.find((r) => r.method === 'POST' && r.url === `${PISP}/domestic-payment-consents`);
    const payment = sandbox.requests.find((r) => r.method === 'POST' && r.url === `${PISP}/domestic-payments`);
    const consentBody = JSON.parse(consent?.body as string);
    expect(JSON.parse(payment?.body as string)).toEqual({ Data: { ConsentId: PAYMENT_CONSENT_ID, Initiation: consentBody.Data.Initiation }, Risk: consentBody.Risk });
    expect(payment?.headers.authorization).toBe('Bearer psu-token');
    expect(payment?.headers['x-idempotency-key']).not.toBe(consent?.headers['x-idempotency-key']);
  });

  it('account access ends with the connection, and no payment', async () => {
    const { sandbox, tppJourney } = await journey();
    const { pending } = await tppJourney.startAccountAccess();
    const outcome = await tppJourney.finish(pending, await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state }));
    expect(outcome).toEqual({ kind: 'account-access', connection: expect.objectContaining({ consentId: CONSENT_ID, accessToken: 'psu-token' }) });
    expect(sandbox.requests.some((r) => r.url.startsWith(PISP))).toBe(false);
  });
});

describe('the payment status is read with a client-credentials token, reused while it is valid', () => {
  it('reads the current status each time, asking the AS for a token once', async () => {
    const { sandbox, tppJourney } = await journey();
    const { pending } = await tppJourney.startPayment(ORDER);
    await tppJourney.finish(pending, await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state }));
    await expect(tppJourney.payment(PAYMENT_ID)).resolves.toMatchObject({ payment: { Status: 'RCVD' }, steps: [] });
    sandbox.settle(PAYMENT_ID, 'ACSC');
    await expect(tppJourney.payment(PAYMENT_ID)).resolves.toMatchObject({ payment: { Status: 'ACSC' }, steps: [{ Status: 'ACSC' }] });
    const clientCredentials = sandbox.requests.filter((r) => r.url === `${ISSUER}/token` && new URLSearchParams(r.body).get('grant_type') === 'client_credentials');
    expect(clientCredentials).toHaveLength(1);
  });
});

describe('discovery is retried after a failure (the AS may start after the fintech)', () => {
  it('asks again on the next use', async () => {
    const { tpp, sandbox } = await journey();
    const config = authorizationServerConfiguration(tpp, sandbox.metadata(), sandbox.fetch);
    const discover = jest.fn().mockRejectedValueOnce(new TypeError('fetch failed')).mockResolvedValue(config);
    const tppJourney = new TppJourney(tpp, REDIRECT_URI, recorderOf(tpp), { fetch: sandbox.fetch, authorizationServer: discover });
    await expect(tppJourney.startAccountAccess()).rejects.toThrow('fetch failed');
    await expect(tppJourney.startAccountAccess()).resolves.toMatchObject({ pending: { consentId: CONSENT_ID } });
    expect(discover).toHaveBeenCalledTimes(2);
  });
});
