import { OB_CRIT, SignatureErrorCode, verifyDetachedJws } from '@fapi/message-signing';
import { expectConformsToPisSpec } from '@fapi/open-banking/testing';
import { decodeProtectedHeader } from 'jose';
import type { CustomFetch } from 'openid-client';
import { BankSignatureRefused, bankSigningKeys, tppRequestSigner } from './message-signatures';
import { BankApiError } from './ob-http';
import { PaymentInitiationClient } from './payment-initiation-client';
import { domesticPaymentConsentRequest, domesticPaymentRequest } from './payment-order';
import { certificateBinding } from './token-binding';
import { BANK_URL, connectionReset, FakeSandbox, PAYMENT_CONSENT_ID, PAYMENT_ID, PISP, testTpp } from './testing/fake-sandbox';

const ORDER = { payeeName: 'Bob Builder', sortCode: '123456', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' };
const CONSENT = domesticPaymentConsentRequest(ORDER);
const PAYMENT = domesticPaymentRequest(PAYMENT_CONSENT_ID, CONSENT.Data.Initiation, CONSENT.Risk);
/** OB's x-idempotency-key pattern: no leading or trailing whitespace. */
const IDEMPOTENCY_KEY_PATTERN = /^(?!\s)(.*)(\S)$/;

async function setUp(fetch?: (sandbox: FakeSandbox) => CustomFetch) {
  const { tpp } = await testTpp();
  const sandbox = await FakeSandbox.create(tpp);
  const bankFetch = fetch ? fetch(sandbox) : sandbox.fetch;
  const api = new PaymentInitiationClient(BANK_URL, certificateBinding(bankFetch).sendToBank, tppRequestSigner(tpp), bankSigningKeys(BANK_URL, sandbox.fetch));
  const posts = (path: string) => sandbox.requests.filter((r) => r.method === 'POST' && r.url === `${PISP}${path}`);
  return { tpp, sandbox, api, posts };
}

describe('POST domestic-payment-consents carries a fresh idempotency key and the TPP signature over the exact body', () => {
  it('sends the consent as JSON with the client-credentials token, a key of at most 40 characters, a new one per consent', async () => {
    const { api, posts } = await setUp();
    const consent = await api.createDomesticPaymentConsent('cc-token', CONSENT);
    await api.createDomesticPaymentConsent('cc-token', CONSENT);
    expect(consent).toMatchObject({ ConsentId: PAYMENT_CONSENT_ID, Status: 'AWAU', Initiation: CONSENT.Data.Initiation });
    const [first, second] = posts('/domestic-payment-consents');
    expect(JSON.parse(first.body)).toEqual(CONSENT);
    expect(first.headers).toMatchObject({ authorization: 'Bearer cc-token', 'content-type': 'application/json' });
    const key = first.headers['x-idempotency-key'];
    expect(key.length).toBeLessThanOrEqual(40);
    expect(key).toMatch(IDEMPOTENCY_KEY_PATTERN);
    expect(second.headers['x-idempotency-key']).not.toBe(key);
  });

  it('the x-jws-signature verifies with the TPP public key, issued by the client, with the OB crit claims', async () => {
    const { tpp, api, posts } = await setUp();
    await api.createDomesticPaymentConsent('cc-token', CONSENT);
    const [request] = posts('/domestic-payment-consents');
    const signature = request.headers['x-jws-signature'];
    const verified = await verifyDetachedJws(signature, request.body, tpp.publicJwks, { expectedIss: tpp.clientId });
    expect(verified).toMatchObject({ kid: tpp.signingKid, iss: tpp.clientId, tan: 'openbanking.org.uk' });
    expect(decodeProtectedHeader(signature)).toMatchObject({ alg: 'PS256', kid: tpp.signingKid, crit: [...OB_CRIT] });
    expect(signature.split('.')[1]).toBe('');
  });

  it('the signature covers those bytes only: another body does not verify with it', async () => {
    const { tpp, api, posts } = await setUp();
    await api.createDomesticPaymentConsent('cc-token', CONSENT);
    const [request] = posts('/domestic-payment-consents');
    const altered = request.body.replace('12.50', '1250.00');
    await expect(verifyDetachedJws(request.headers['x-jws-signature'], altered, tpp.publicJwks)).rejects.toMatchObject({ code: SignatureErrorCode.Invalid });
  });

  it('a TPP registered with an ES256 key cannot sign OB messages (PS256 only) and says so before calling the bank', async () => {
    const { tpp } = await testTpp({ signingAlg: 'ES256' });
    const sandbox = await FakeSandbox.create(tpp);
    const api = new PaymentInitiationClient(BANK_URL, certificateBinding(sandbox.fetch).sendToBank, tppRequestSigner(tpp), bankSigningKeys(BANK_URL, sandbox.fetch));
    await expect(api.createDomesticPaymentConsent('cc-token', CONSENT)).rejects.toMatchObject({ code: 'message_signing_unavailable' });
    expect(sandbox.requests).toEqual([]);
  });
});

describe("the bank's responses are believed only when its signature verifies against its published JWKS", () => {
  it('fetches the keys from BANK_URL/jwks and accepts a properly signed answer', async () => {
    const { sandbox, api } = await setUp();
    await api.createDomesticPaymentConsent('cc-token', CONSENT);
    expect(sandbox.requests.some((r) => r.method === 'GET' && r.url === `${BANK_URL}/jwks`)).toBe(true);
  });

  it.each([
    ['a tampered body', 'tampered', SignatureErrorCode.Invalid],
    ['a signature by a key the bank never published', 'forged', SignatureErrorCode.Invalid],
    ['no signature at all', 'missing', SignatureErrorCode.Missing],
  ] as const)('refuses %s (bank_signature_invalid, %s)', async (_case, signing, obCode) => {
    const { sandbox, api } = await setUp();
    sandbox.bankSigning = signing;
    const refusal = await api.createDomesticPaymentConsent('cc-token', CONSENT).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BankSignatureRefused);
    expect(refusal).toMatchObject({ code: 'bank_signature_invalid', operation: 'create domestic-payment-consent', refusal: { code: obCode } });
  });

  it('refuses a tampered payment status read (GET domestic-payments/{id})', async () => {
    const { sandbox, api } = await setUp();
    await api.createDomesticPayment('psu-token', PAYMENT);
    sandbox.bankSigning = 'tampered';
    await expect(api.domesticPayment('cc-token', PAYMENT_ID)).rejects.toMatchObject({ code: 'bank_signature_invalid', operation: 'read the payment' });
  });

  it('reads a properly signed payment with the client-credentials token', async () => {
    const { sandbox, api } = await setUp();
    await api.createDomesticPayment('psu-token', PAYMENT);
    sandbox.settle(PAYMENT_ID, 'ACSC');
    await expect(api.domesticPayment('cc-token', PAYMENT_ID)).resolves.toMatchObject({ DomesticPaymentId: PAYMENT_ID, Status: 'ACSC' });
    const read = sandbox.requests.find((r) => r.method === 'GET' && r.url === `${PISP}/domestic-payments/${PAYMENT_ID}`);
    expect(read?.headers.authorization).toBe('Bearer cc-token');
  });
});

describe('POST domestic-payments is retried once after a network failure, with the same idempotency key and body', () => {
  it('an answer lost on the way back: the retry repeats key, body and signature, and one payment exists', async () => {
    const { sandbox, api, posts } = await setUp();
    sandbox.loseNextAnswer('POST', `${PISP}/domestic-payments`);
    const payment = await api.createDomesticPayment('psu-token', PAYMENT);
    expect(payment).toMatchObject({ DomesticPaymentId: PAYMENT_ID, Status: 'RCVD' });
    const [first, retry] = posts('/domestic-payments');
    expect(posts('/domestic-payments')).toHaveLength(2);
    expect(retry.headers['x-idempotency-key']).toBe(first.headers['x-idempotency-key']);
    expect(retry.headers['x-jws-signature']).toBe(first.headers['x-jws-signature']);
    expect(retry.body).toBe(first.body);
    expect(sandbox.payments.size).toBe(1);
  });

  it('two network failures in a row surface (no third attempt)', async () => {
    const { api, posts } = await setUp((sandbox) => async (url, options) => {
      if (options.method === 'POST') {
        sandbox.requests.push({ url, method: options.method, headers: options.headers, body: String(options.body) });
        throw connectionReset();
      }
      return sandbox.fetch(url, options);
    });
    await expect(api.createDomesticPayment('psu-token', PAYMENT)).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
    expect(posts('/domestic-payments')).toHaveLength(2);
  });

  it('a refusal by the bank is not retried', async () => {
    const { api, posts } = await setUp((sandbox) => async (url, options) => {
      if (options.method !== 'POST') return sandbox.fetch(url, options);
      sandbox.requests.push({ url, method: options.method, headers: options.headers, body: String(options.body) });
      return new Response(JSON.stringify({ Errors: [{ ErrorCode: 'U008', Message: 'body differs from the consent' }] }), { status: 400 });
    });
    const error = await api.createDomesticPayment('psu-token', PAYMENT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BankApiError);
    expect(error).toMatchObject({ status: 400, code: 'U008' });
    expect(posts('/domestic-payments')).toHaveLength(1);
  });
});

describe('the fake bank these tests talk to answers as the v4.0 PISP OpenAPI says', () => {
  it('its consent, payment and payment read bodies and headers conform', async () => {
    const { sandbox } = await setUp();
    const post = async (path: string, body: unknown) =>
      sandbox.fetch(`${PISP}${path}`, { method: 'POST', headers: { 'x-idempotency-key': `k-${path}` }, body: JSON.stringify(body), redirect: 'manual' });
    for (const [method, path, response] of [
      ['POST', '/domestic-payment-consents', await post('/domestic-payment-consents', CONSENT)],
      ['POST', '/domestic-payments', await post('/domestic-payments', PAYMENT)],
      ['GET', `/domestic-payments/${PAYMENT_ID}`, await sandbox.fetch(`${PISP}/domestic-payments/${PAYMENT_ID}`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' })],
    ] as const) {
      await expectConformsToPisSpec(method, `${PISP}${path}`, response.status, await response.json(), Object.fromEntries(response.headers));
    }
  });
});
