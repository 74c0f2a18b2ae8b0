import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { requireAuthorisedPaymentConsent, requireConsentUsableFor, requireTokenForConsent } from './payment-consent-rules';

const consent: DomesticPaymentConsent = {
  consentId: 'pdc-1',
  clientId: 'tpp-a',
  status: 'AUTH',
  initiation: {},
  risk: {},
  summary: { amount: '10.00', currency: 'GBP', creditorScheme: 'UK.OBIE.SortCodeAccountNumber', creditorIdentification: '99000110000011' },
  creationDateTime: '2026-01-01T00:00:00Z',
  statusUpdateDateTime: '2026-01-01T00:00:00Z',
  psuId: 'psu-mia',
  debtorAccountId: 'acc-mia-everyday',
};

function outcome(check: () => unknown): string {
  try {
    const value = check();
    return value === undefined ? 'allowed' : `allowed: ${String(value)}`;
  } catch (error) {
    const { status, errors } = error as { status: number; errors: { ErrorCode: string }[] };
    return `${status} ${errors[0].ErrorCode}`;
  }
}

describe('a PSU-authorised payment token serves its one consent', () => {
  it('a request about another consent than the token’s is 403', () => {
    expect(outcome(() => requireTokenForConsent('pdc-1', 'pdc-1'))).toBe('allowed');
    expect(outcome(() => requireTokenForConsent('pdc-1', 'pdc-2'))).toBe('403 U006');
  });
});

describe('funds can be confirmed for an authorised consent only', () => {
  it('AUTH answers its debtor account; every other status is 400 U009', () => {
    expect(outcome(() => requireAuthorisedPaymentConsent(consent))).toBe('allowed: acc-mia-everyday');
    for (const status of ['AWAU', 'RJCT', 'COND'] as const) expect(outcome(() => requireAuthorisedPaymentConsent({ ...consent, status }))).toBe('400 U009');
  });
});

describe('a payment consent makes exactly one payment', () => {
  it('an AUTH consent makes its payment from the authorised debtor account', () => {
    expect(outcome(() => requireConsentUsableFor(consent, 'dp-1', false))).toBe('allowed: acc-mia-everyday');
  });

  it('a consent consumed for this payment before the payment was stored is finished (a retry after a crash)', () => {
    expect(outcome(() => requireConsentUsableFor({ ...consent, status: 'COND', paymentId: 'dp-1' }, 'dp-1', false))).toBe('allowed: acc-mia-everyday');
  });

  it('a consumed consent whose payment exists, or consumed by another payment, is 400 U009', () => {
    expect(outcome(() => requireConsentUsableFor({ ...consent, status: 'COND', paymentId: 'dp-1' }, 'dp-1', true))).toBe('400 U009');
    expect(outcome(() => requireConsentUsableFor({ ...consent, status: 'COND', paymentId: 'dp-0' }, 'dp-1', false))).toBe('400 U009');
  });

  it.each(['AWAU', 'RJCT'] as const)('a %s consent is 400 U009', (status) => {
    expect(outcome(() => requireConsentUsableFor({ ...consent, status }, 'dp-1', false))).toBe('400 U009');
  });
});
