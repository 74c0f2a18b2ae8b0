import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import type { OBWriteDomestic2 } from '@fapi/open-banking';
import { paymentIdOf, requireOrderMatchesConsent } from './payment-order-rules';

const initiation = {
  InstructionIdentification: 'instr-1',
  EndToEndIdentification: 'e2e-1',
  InstructedAmount: { Amount: '12.50', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber' as const, Identification: '99000110000011', Name: 'Noah Okafor' },
};
const consent = { consentId: 'pdc-1', initiation, risk: { PaymentContextCode: 'TransferToThirdParty' } } as unknown as DomesticPaymentConsent;
const order = (changes: { initiation?: object; risk?: object } = {}): OBWriteDomestic2 =>
  ({ Data: { ConsentId: 'pdc-1', Initiation: changes.initiation ?? initiation }, Risk: changes.risk ?? consent.risk }) as OBWriteDomestic2;

function outcome(check: () => void): string {
  try {
    check();
    return 'allowed';
  } catch (error) {
    const { status, errors } = error as { status: number; errors: { ErrorCode: string; Path?: string }[] };
    return `${status} ${errors.map((e) => `${e.ErrorCode} ${e.Path}`).join(', ')}`;
  }
}

describe('a payment order equals its consent', () => {
  it('the same Initiation and Risk, whatever the member order, pass', () => {
    const reordered = JSON.parse(JSON.stringify({ CreditorAccount: initiation.CreditorAccount, InstructedAmount: { Currency: 'GBP', Amount: '12.50' }, EndToEndIdentification: 'e2e-1', InstructionIdentification: 'instr-1' }));
    expect(outcome(() => requireOrderMatchesConsent(order({ initiation: reordered }), consent))).toBe('allowed');
  });

  it('another amount, an added member or another Risk is 400 U008 naming what differs', () => {
    expect(outcome(() => requireOrderMatchesConsent(order({ initiation: { ...initiation, InstructedAmount: { Amount: '12.51', Currency: 'GBP' } } }), consent))).toBe(
      '400 U008 Data.Initiation',
    );
    expect(outcome(() => requireOrderMatchesConsent(order({ initiation: { ...initiation, LocalInstrument: 'UK.OBIE.FPS' } }), consent))).toBe('400 U008 Data.Initiation');
    expect(outcome(() => requireOrderMatchesConsent(order({ risk: {} }), consent))).toBe('400 U008 Risk');
  });
});

describe('a consent’s payment id is derived from the consent alone', () => {
  it('is the same for the same consent, different for another, and at most 40 characters', () => {
    expect(paymentIdOf('pdc-1')).toBe(paymentIdOf('pdc-1'));
    expect(paymentIdOf('pdc-1')).not.toBe(paymentIdOf('pdc-2'));
    expect(paymentIdOf('pdc-'.padEnd(128, 'x')).length).toBeLessThanOrEqual(40);
  });
});
