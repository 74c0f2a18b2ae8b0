import { parseGetRequest } from '../request-parsing';
import { domesticPayment } from './domestic-payment';
import {
  parseAuthorisePaymentConsentRequest,
  parseConsumePaymentConsentRequest,
  parseCreatePaymentConsentRequest,
} from './domestic-payment-requests';

const parseRejectPaymentConsentRequest = domesticPayment.requests.reject.parse;

const refusedAsInvalid = { ok: false, error: { code: 'INVALID', message: expect.any(String) } };

describe('a payment consent request is checked against its contract type before it is used', () => {
  describe('create', () => {
    const summary = {
      amount: '12.50',
      currency: 'GBP',
      creditorName: 'Ada Lovelace',
      creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
      creditorIdentification: '60161331926819',
      reference: 'Invoice 7',
      debtorAccountId: 'acc-1',
      readRefundAccount: 'Yes',
    };
    const valid = { clientId: 'tpp-a', initiation: { InstructionIdentification: 'i-1' }, risk: {}, summary };

    it('accepts a client, the Initiation and Risk objects, and a complete summary', () => {
      expect(parseCreatePaymentConsentRequest(valid)).toEqual({ ok: true, value: valid });
    });

    it('the summary may leave out the creditor name, the reference, the debtor account and ReadRefundAccount', () => {
      const { creditorName, reference, debtorAccountId, readRefundAccount, ...required } = summary;
      expect(parseCreatePaymentConsentRequest({ ...valid, summary: required })).toEqual({ ok: true, value: { ...valid, summary: required } });
    });

    it.each(['Yes', 'No'])('keeps the consent\'s ReadRefundAccount %s (it decides whether the payment names its debtor account)', (flag) => {
      const parsed = parseCreatePaymentConsentRequest({ ...valid, summary: { ...summary, readRefundAccount: flag } });
      expect(parsed).toEqual({ ok: true, value: { ...valid, summary: { ...summary, readRefundAccount: flag } } });
    });

    it.each([
      ['a lower-case code', 'yes'],
      ['a boolean', true],
      ['an empty text', ''],
    ])('refuses a ReadRefundAccount that is not an OBInternalReadRefundAccount1Code: %s', (_what, flag) => {
      expect(parseCreatePaymentConsentRequest({ ...valid, summary: { ...summary, readRefundAccount: flag } })).toEqual({
        ok: false,
        error: { code: 'INVALID', message: 'summary.readRefundAccount must be one of Yes, No' },
      });
    });

    it('refuses a missing client, Initiation or Risk', () => {
      expect(parseCreatePaymentConsentRequest({ ...valid, clientId: ' ' })).toEqual(refusedAsInvalid);
      expect(parseCreatePaymentConsentRequest({ ...valid, initiation: undefined })).toEqual(refusedAsInvalid);
      expect(parseCreatePaymentConsentRequest({ ...valid, risk: [] })).toEqual(refusedAsInvalid);
    });

    it.each([
      ['a numeric amount', { amount: 12.5 }],
      ['an amount with 6 decimals', { amount: '1.000001' }],
      ['a negative amount', { amount: '-1.00' }],
      ['a lower-case currency', { currency: 'gbp' }],
      ['no creditor scheme', { creditorScheme: undefined }],
      ['no creditor identification', { creditorIdentification: '' }],
      ['an empty reference', { reference: '' }],
      ['a non-string debtor account', { debtorAccountId: 7 }],
    ])('refuses a summary with %s', (_what, change) => {
      expect(parseCreatePaymentConsentRequest({ ...valid, summary: { ...summary, ...change } })).toEqual(refusedAsInvalid);
    });

    it.each([
      ['a NUL in the creditor name', { creditorName: 'Ada\u0000' }],
      ['a line break in the reference', { reference: 'Invoice\n7' }],
      ['a creditor name over 350 characters', { creditorName: 'n'.repeat(351) }],
      ['a debtor account id with a NUL', { debtorAccountId: 'acc\u0000' }],
      ['a debtor account id over 128 characters', { debtorAccountId: 'a'.repeat(129) }],
    ])('refuses a summary with %s (INVALID, before any query)', (_what, change) => {
      expect(parseCreatePaymentConsentRequest({ ...valid, summary: { ...summary, ...change } })).toEqual(refusedAsInvalid);
    });

    it('refuses a control character anywhere in the Initiation or Risk text, member names included', () => {
      const nested = { InstructionIdentification: 'i-1', RemittanceInformation: { Unstructured: ['ok', 'bad\u0000'] } };
      expect(parseCreatePaymentConsentRequest({ ...valid, initiation: nested })).toEqual(refusedAsInvalid);
      expect(parseCreatePaymentConsentRequest({ ...valid, risk: { 'Context\u0001': 'x' } })).toEqual(refusedAsInvalid);
      expect(parseCreatePaymentConsentRequest({ ...valid, clientId: 'tpp\u0000' })).toEqual(refusedAsInvalid);
    });
  });

  it('authorise and consume refuse an identifier with a control character or over 128 characters', () => {
    const authorise = { consentId: 'pdc-1', clientId: 'tpp-a', psuId: 'psu-1', debtorAccountId: 'acc-1' };
    for (const id of ['x\u0000', 'x'.repeat(129)]) {
      for (const field of ['consentId', 'clientId', 'psuId', 'debtorAccountId']) {
        expect(parseAuthorisePaymentConsentRequest({ ...authorise, [field]: id })).toEqual(refusedAsInvalid);
      }
      expect(parseConsumePaymentConsentRequest({ consentId: 'pdc-1', clientId: 'tpp-a', paymentId: id })).toEqual(refusedAsInvalid);
    }
  });

  it('get needs a consentId and allows an optional clientId', () => {
    expect(parseGetRequest({ consentId: 'pdc-1' })).toEqual({ ok: true, value: { consentId: 'pdc-1' } });
    expect(parseGetRequest({ consentId: '' })).toEqual(refusedAsInvalid);
    expect(parseGetRequest({ consentId: 'pdc-1', clientId: 7 })).toEqual(refusedAsInvalid);
  });

  it('authorise needs the client, the PSU and the debtor account', () => {
    const valid = { consentId: 'pdc-1', clientId: 'tpp-a', psuId: 'psu-1', debtorAccountId: 'acc-1' };
    expect(parseAuthorisePaymentConsentRequest(valid)).toEqual({ ok: true, value: valid });
    expect(parseAuthorisePaymentConsentRequest({ ...valid, psuId: undefined })).toEqual(refusedAsInvalid);
    expect(parseAuthorisePaymentConsentRequest({ ...valid, debtorAccountId: ['acc-1'] })).toEqual(refusedAsInvalid);
  });

  it('reject needs the client', () => {
    expect(parseRejectPaymentConsentRequest({ consentId: 'pdc-1', clientId: 'tpp-a' }).ok).toBe(true);
    expect(parseRejectPaymentConsentRequest({ consentId: 'pdc-1' })).toEqual(refusedAsInvalid);
  });

  it('consume needs the client and the payment id', () => {
    expect(parseConsumePaymentConsentRequest({ consentId: 'pdc-1', clientId: 'tpp-a', paymentId: 'pay-1' }).ok).toBe(true);
    expect(parseConsumePaymentConsentRequest({ consentId: 'pdc-1', clientId: 'tpp-a' })).toEqual(refusedAsInvalid);
  });
});
