import { INITIAL_PAYMENT_STATUS, mayMovePayment, type PaymentStatus, settlementStatuses } from './payment-status';

const ALL: PaymentStatus[] = ['RCVD', 'ACSP', 'ACSC', 'ACCC', 'RJCT'];

describe('a payment moves RCVD -> ACSP -> ACSC (-> ACCC), or RCVD -> RJCT, and never back', () => {
  it('starts RCVD', () => {
    expect(INITIAL_PAYMENT_STATUS).toBe('RCVD');
  });

  it('allows exactly the forward steps', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => mayMovePayment(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual(['RCVD->ACSP', 'RCVD->RJCT', 'ACSP->ACSC', 'ACSC->ACCC']);
  });

  it('only a received payment can be rejected; a rejected or credited payment is final', () => {
    expect(ALL.filter((from) => mayMovePayment(from, 'RJCT'))).toEqual(['RCVD']);
    expect(ALL.filter((to) => mayMovePayment('RJCT', to) || mayMovePayment('ACCC', to))).toEqual([]);
  });

  it('settles a payment to a payee at this bank to ACCC, one to another bank to ACSC, each step allowed', () => {
    expect(settlementStatuses('internal')).toEqual(['ACSP', 'ACSC', 'ACCC']);
    expect(settlementStatuses('external')).toEqual(['ACSP', 'ACSC']);
    for (const route of ['internal', 'external'] as const) {
      const path = [INITIAL_PAYMENT_STATUS, ...settlementStatuses(route)];
      path.slice(1).forEach((to, index) => expect(mayMovePayment(path[index], to)).toBe(true));
    }
  });
});
