import { formatMinor, signedBalance } from './money';

describe('amounts are OB decimal strings', () => {
  it('formats minor units with two decimals', () => {
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(245_000)).toBe('2450.00');
    expect(() => formatMinor(-1)).toThrow();
  });

  it('an overdrawn balance is a Debit of its absolute amount', () => {
    expect(signedBalance(-6_959)).toEqual({ Amount: '69.59', CreditDebitIndicator: 'Debit' });
    expect(signedBalance(407_118)).toEqual({ Amount: '4071.18', CreditDebitIndicator: 'Credit' });
  });
});
