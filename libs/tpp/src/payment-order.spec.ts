import { paymentInitiationApi } from '@fapi/open-banking/testing';
import { domesticPaymentConsentRequest, domesticPaymentRequest, newInstructionIdentifiers, paymentReference, type PaymentOrder } from './payment-order';

const ORDER: PaymentOrder = { payeeName: 'Bob <Builder>', sortCode: '123456', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' };

describe('the payment consent is an OBWriteDomesticConsent4 for exactly the order, the debtor account left to the PSU', () => {
  it('carries the identifiers, GBP amount, sort code + account number creditor, the reference and an empty Risk, asking for the debtor account on the payment', () => {
    expect(domesticPaymentConsentRequest(ORDER, { instructionIdentification: 'instr-1', endToEndIdentification: 'e2e-1' })).toEqual({
      Data: {
        ReadRefundAccount: 'Yes',
        Initiation: {
          InstructionIdentification: 'instr-1',
          EndToEndIdentification: 'e2e-1',
          InstructedAmount: { Amount: '12.50', Currency: 'GBP' },
          CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '12345612345678', Name: 'Bob <Builder>' },
          RemittanceInformation: { Structured: [{ CreditorReferenceInformation: { Reference: 'INV-42' } }] },
        },
      },
      Risk: {},
    });
  });

  it('conforms to the v4.0 PISP OpenAPI schema OBWriteDomesticConsent4', async () => {
    expect((await paymentInitiationApi()).schemaProblems('OBWriteDomesticConsent4', domesticPaymentConsentRequest(ORDER))).toEqual([]);
  });

  it('names no DebtorAccount, so the PSU chooses the account at their bank', () => {
    expect(domesticPaymentConsentRequest(ORDER).Data.Initiation).not.toHaveProperty('DebtorAccount');
  });

  it('identifies every instruction afresh, within 31 characters (what Faster Payments carries of the end-to-end id)', () => {
    const ids = Array.from({ length: 20 }, newInstructionIdentifiers);
    const all = ids.flatMap((id) => [id.instructionIdentification, id.endToEndIdentification]);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((id) => id.length >= 1 && id.length <= 31)).toBe(true);
  });

  it('the reference reads back from the Initiation', () => {
    expect(paymentReference(domesticPaymentConsentRequest(ORDER).Data.Initiation)).toBe('INV-42');
  });
});

describe('the payment repeats the consent (OBWriteDomestic2): its ConsentId, its exact Initiation and Risk', () => {
  it('is the consent body with the ConsentId added, nothing changed', () => {
    const consent = domesticPaymentConsentRequest(ORDER);
    const payment = domesticPaymentRequest('pdc-1', consent.Data.Initiation, consent.Risk);
    expect(payment).toEqual({ Data: { ConsentId: 'pdc-1', Initiation: consent.Data.Initiation }, Risk: consent.Risk });
    expect(JSON.stringify(payment.Data.Initiation)).toBe(JSON.stringify(consent.Data.Initiation));
  });

  it('conforms to the v4.0 PISP OpenAPI schema OBWriteDomestic2', async () => {
    const consent = domesticPaymentConsentRequest(ORDER);
    expect((await paymentInitiationApi()).schemaProblems('OBWriteDomestic2', domesticPaymentRequest('pdc-1', consent.Data.Initiation, consent.Risk))).toEqual([]);
  });
});
