import type { DomesticPaymentConsentStatus } from '@fapi/nats-contract';
import { respectsFixedDebtorAccount } from '../rules/fixed-debtor-account';
import { wasConsumedBy } from '../rules/repeated-consumption';
import { allowsTransition } from '../rules/status-allows-transition';
import { PaymentConsentTransitions, domesticPayment } from './domestic-payment';

const STATUSES: DomesticPaymentConsentStatus[] = ['AWAU', 'AUTH', 'RJCT', 'COND'];

const statusesAllowing = (transition: keyof typeof PaymentConsentTransitions) =>
  STATUSES.filter((status) => allowsTransition(PaymentConsentTransitions[transition], status));

const summary = { amount: '10.00', currency: 'GBP', creditorScheme: 'UK.OBIE.SortCodeAccountNumber', creditorIdentification: '60161331926819' };

describe('domestic payment consent lifecycle', () => {
  it('a new payment consent awaits authorisation (AWAU)', () => {
    expect(domesticPayment.initialStatus).toBe('AWAU');
  });

  it('only an AWAU consent can be authorised (AUTH) or rejected (RJCT)', () => {
    expect(statusesAllowing('authorise')).toEqual(['AWAU']);
    expect(PaymentConsentTransitions.authorise.to).toBe('AUTH');
    expect(statusesAllowing('reject')).toEqual(['AWAU']);
    expect(PaymentConsentTransitions.reject.to).toBe('RJCT');
  });

  it('only an AUTH consent can be consumed, and COND is terminal', () => {
    expect(statusesAllowing('consume')).toEqual(['AUTH']);
    expect(PaymentConsentTransitions.consume.to).toBe('COND');
    expect(Object.values(PaymentConsentTransitions).filter((t) => (t.from as readonly string[]).includes('COND'))).toEqual([]);
  });

  it('a payment consent cannot be revoked and never goes back to AWAU or AUTH from a later status', () => {
    expect(Object.keys(PaymentConsentTransitions).sort()).toEqual(['authorise', 'consume', 'reject']);
    expect(Object.keys(domesticPayment.requests).sort()).toEqual(['authorise', 'consume', 'reject']);
    for (const transition of Object.values(PaymentConsentTransitions)) {
      expect(STATUSES.indexOf(transition.to)).toBeGreaterThan(Math.max(...transition.from.map((s) => STATUSES.indexOf(s))));
    }
  });

  it('a fixed debtor account allows only that account; an open one allows any', () => {
    expect(respectsFixedDebtorAccount({ summary: { ...summary, debtorAccountId: 'acc-1' } }, 'acc-1')).toBe(true);
    expect(respectsFixedDebtorAccount({ summary: { ...summary, debtorAccountId: 'acc-1' } }, 'acc-2')).toBe(false);
    expect(respectsFixedDebtorAccount({ summary }, 'acc-2')).toBe(true);
  });

  it('a consent was consumed by a payment only when COND with that payment id', () => {
    expect(wasConsumedBy({ status: 'COND', paymentId: 'pay-1' }, 'pay-1')).toBe(true);
    expect(wasConsumedBy({ status: 'COND', paymentId: 'pay-1' }, 'pay-2')).toBe(false);
    expect(wasConsumedBy({ status: 'AUTH' }, 'pay-1')).toBe(false);
  });
});
