import { canDebit } from './funds';

describe('an account may be debited only within its overdraft limit', () => {
  it('without an overdraft, the balance may reach zero but not go below', () => {
    expect(canDebit({ balanceMinor: 1_000, overdraftLimitMinor: 0 }, 1_000)).toBe(true);
    expect(canDebit({ balanceMinor: 1_000, overdraftLimitMinor: 0 }, 1_001)).toBe(false);
  });

  it('with an overdraft, the balance may go down to minus the limit', () => {
    expect(canDebit({ balanceMinor: -6_959, overdraftLimitMinor: 10_000 }, 3_041)).toBe(true);
    expect(canDebit({ balanceMinor: -6_959, overdraftLimitMinor: 10_000 }, 3_042)).toBe(false);
  });
});
