import { PaymentInitiationApi } from './payment-initiation-api';

const INITIATION = {
  InstructionIdentification: 'instr-1',
  EndToEndIdentification: 'e2e-1',
  InstructedAmount: { Amount: '12.50', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Noah Okafor' },
};

const consentRequest = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'post',
  path: '/open-banking/v4.0/pisp/domestic-payment-consents',
  headers: { authorization: 'Bearer x', 'content-type': 'application/json', 'x-idempotency-key': 'key-1', 'x-jws-signature': 'h..s', ...headers },
  body,
});

describe('PISP request bodies are validated against the official v4.0 Payment Initiation OpenAPI, with OB error codes', () => {
  let api: PaymentInitiationApi;
  beforeAll(async () => {
    api = await PaymentInitiationApi.load();
  });

  it('a valid OBWriteDomesticConsent4 passes', () => {
    expect(api.validateRequest('CreateDomesticPaymentConsents', consentRequest({ Data: { Initiation: INITIATION }, Risk: {} }))).toEqual([]);
  });

  it('a missing field is U004, a bad amount U002, an unexpected field U005, each with its path', () => {
    const { CreditorAccount: _omitted, ...withoutCreditor } = INITIATION;
    expect(api.validateRequest('CreateDomesticPaymentConsents', consentRequest({ Data: { Initiation: withoutCreditor }, Risk: {} }))).toEqual([
      expect.objectContaining({ ErrorCode: 'U004', Path: 'Data.Initiation.CreditorAccount' }),
    ]);
    const badAmount = { ...INITIATION, InstructedAmount: { Amount: '12,50', Currency: 'GBP' }, Colour: 'blue' };
    expect(api.validateRequest('CreateDomesticPaymentConsents', consentRequest({ Data: { Initiation: badAmount }, Risk: { Extra: 1 } }))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorCode: 'U002', Path: 'Data.Initiation.InstructedAmount.Amount' }),
        expect.objectContaining({ ErrorCode: 'U005', Path: 'Data.Initiation.Colour' }),
        expect.objectContaining({ ErrorCode: 'U005', Path: 'Risk.Extra' }),
      ]),
    );
  });

  it('the idempotency key is required (U007) and at most 40 characters without surrounding white space (U006)', () => {
    const body = { Data: { Initiation: INITIATION }, Risk: {} };
    const { ['x-idempotency-key']: _key, ...withoutKey } = consentRequest(body).headers;
    expect(api.validateRequest('CreateDomesticPaymentConsents', { ...consentRequest(body), headers: withoutKey })).toEqual([
      expect.objectContaining({ ErrorCode: 'U007', Path: 'x-idempotency-key' }),
    ]);
    for (const key of ['k'.repeat(41), ' key', 'key ']) {
      expect(api.validateRequest('CreateDomesticPaymentConsents', consentRequest(body, { 'x-idempotency-key': key }))).toEqual([
        expect.objectContaining({ ErrorCode: 'U006', Path: 'x-idempotency-key' }),
      ]);
    }
  });

  it('a payment order needs its ConsentId (OBWriteDomestic2)', () => {
    const request = { ...consentRequest({ Data: { Initiation: INITIATION }, Risk: {} }), path: '/open-banking/v4.0/pisp/domestic-payments' };
    expect(api.validateRequest('CreateDomesticPayments', request)).toEqual([expect.objectContaining({ ErrorCode: 'U004', Path: 'Data.ConsentId' })]);
  });

  it('finds the domestic operations by method and path, and the methods of a path', () => {
    expect(api.operationAt('GET', '/open-banking/v4.0/pisp/domestic-payment-consents/c1/funds-confirmation')?.operationId).toBe(
      'GetDomesticPaymentConsentsConsentIdFundsConfirmation',
    );
    expect(api.operationAt('GET', '/open-banking/v4.0/pisp/domestic-payments/p1/payment-details')?.operationId).toBe(
      'GetDomesticPaymentsDomesticPaymentIdPaymentDetails',
    );
    expect(api.methodsAt('/open-banking/v4.0/pisp/domestic-payments')).toEqual(['POST']);
    expect(api.methodsAt('/open-banking/v4.0/aisp/accounts')).toEqual([]);
  });
});
