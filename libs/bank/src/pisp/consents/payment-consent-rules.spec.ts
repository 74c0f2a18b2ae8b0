import type { IncomingMessage } from 'node:http';
import { PaymentInitiationApi } from '@fapi/open-banking';
import { debtorAccountOfBank } from './debtor-account';
import { validPaymentConsentRequest } from './payment-consent-request-rules';
import { paymentReference, paymentSummary } from './payment-summary';

const INITIATION = {
  InstructionIdentification: 'instr-1',
  EndToEndIdentification: 'e2e-1',
  InstructedAmount: { Amount: '12.50', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber' as const, Identification: '99000110000011', Name: 'Noah Okafor' },
};
const request = {
  headers: { authorization: 'Bearer x', 'content-type': 'application/json', 'x-idempotency-key': 'k1', 'x-jws-signature': 'h..s' },
} as unknown as IncomingMessage;

async function outcome(check: () => unknown): Promise<string> {
  try {
    return `allowed: ${JSON.stringify(await check())}`;
  } catch (error) {
    const { status, errors } = error as { status: number; errors: { ErrorCode: string; Path?: string }[] };
    return `${status} ${errors.map((e) => `${e.ErrorCode} ${e.Path}`).join(', ')}`;
  }
}

describe('the body of POST domestic-payment-consents', () => {
  let api: PaymentInitiationApi;
  beforeAll(async () => {
    api = await PaymentInitiationApi.load();
  });
  const validate = (initiation: object, risk: object = {}) => () => validPaymentConsentRequest(api, request, { Data: { Initiation: initiation }, Risk: risk });

  it('a valid OBWriteDomesticConsent4 in GBP passes', async () => {
    expect(await outcome(validate(INITIATION, { PaymentContextCode: 'TransferToThirdParty' }))).toMatch(/^allowed/);
  });

  it('breaking the schema is 400 with its U-codes, before the bank’s own rules', async () => {
    expect(await outcome(validate({ ...INITIATION, InstructedAmount: { Amount: '0', Currency: 'gbp' } }))).toBe(
      '400 U002 Data.Initiation.InstructedAmount.Currency',
    );
  });

  it.each([
    ['zero', '0.00'],
    ['a fraction of a penny', '12.505'],
    ['more than a ledger posting holds', '21474837.00'],
  ])('an amount of %s is 400 U002', async (_case, amount) => {
    expect(await outcome(validate({ ...INITIATION, InstructedAmount: { Amount: amount, Currency: 'GBP' } }))).toBe(
      '400 U002 Data.Initiation.InstructedAmount.Amount',
    );
  });

  it('trailing zeros past the pence are still whole pence', async () => {
    expect(await outcome(validate({ ...INITIATION, InstructedAmount: { Amount: '12.50000', Currency: 'GBP' } }))).toMatch(/^allowed/);
  });

  it('another currency than GBP is 400 U023', async () => {
    expect(await outcome(validate({ ...INITIATION, InstructedAmount: { Amount: '12.50', Currency: 'EUR' } }))).toBe(
      '400 U023 Data.Initiation.InstructedAmount.Currency',
    );
  });
});

describe('a DebtorAccount the TPP fixes is a customer account of this bank', () => {
  const accounts = async (sortCode: string, accountNumber: string) => (sortCode === '990001' && accountNumber === '10000001' ? 'acc-mia-everyday' : undefined);
  const debtor = (SchemeName: string, Identification: string) => ({ ...INITIATION, DebtorAccount: { SchemeName, Identification } }) as never;

  it('none: the PSU chooses the account', async () => {
    expect(await outcome(() => debtorAccountOfBank(INITIATION, accounts))).toBe('allowed: undefined');
  });

  it('a sort code and account number the bank holds names that account', async () => {
    expect(await outcome(() => debtorAccountOfBank(debtor('UK.OBIE.SortCodeAccountNumber', '99000110000001'), accounts))).toBe('allowed: "acc-mia-everyday"');
  });

  it('another scheme is 400 U027, a malformed identification U002, an account the bank does not hold U021', async () => {
    expect(await outcome(() => debtorAccountOfBank(debtor('UK.OBIE.IBAN', 'GB29NWBK60161331926819'), accounts))).toBe(
      '400 U027 Data.Initiation.DebtorAccount.SchemeName',
    );
    expect(await outcome(() => debtorAccountOfBank(debtor('UK.OBIE.SortCodeAccountNumber', '99-00-01 10000001'), accounts))).toBe(
      '400 U002 Data.Initiation.DebtorAccount.Identification',
    );
    expect(await outcome(() => debtorAccountOfBank(debtor('UK.OBIE.SortCodeAccountNumber', '99000199999999'), accounts))).toBe(
      '400 U021 Data.Initiation.DebtorAccount.Identification',
    );
  });
});

describe('what consent-service keeps for the consent page', () => {
  it('the amount, the payee, the reference, the fixed debtor account and ReadRefundAccount', () => {
    const data = { ReadRefundAccount: 'Yes' as const, Initiation: { ...INITIATION, RemittanceInformation: { Unstructured: ['Dinner'] } } };
    expect(paymentSummary(data, 'acc-mia-everyday')).toEqual({
      amount: '12.50',
      currency: 'GBP',
      creditorName: 'Noah Okafor',
      creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
      creditorIdentification: '99000110000011',
      reference: 'Dinner',
      debtorAccountId: 'acc-mia-everyday',
      readRefundAccount: 'Yes',
    });
    const bare = paymentSummary({ Initiation: INITIATION }, undefined);
    expect(bare).not.toHaveProperty('debtorAccountId');
    expect(bare).not.toHaveProperty('reference');
    expect(bare).not.toHaveProperty('readRefundAccount');
  });

  it('the reference is the structured creditor reference, else the first unstructured line, at most 35 characters', () => {
    const structured = { Structured: [{ CreditorReferenceInformation: { Reference: 'INV-42' } }], Unstructured: ['Dinner'] };
    expect(paymentReference({ ...INITIATION, RemittanceInformation: structured })).toBe('INV-42');
    expect(paymentReference({ ...INITIATION, RemittanceInformation: { Unstructured: ['x'.repeat(140)] } })).toBe('x'.repeat(35));
  });
});
