import { formatMinor, parsePositiveMinor, signedBalance } from './money';

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

describe('a payment amount is a positive OB decimal string of whole pence', () => {
  it('reads units and up to two decimals as minor units', () => {
    expect(parsePositiveMinor('12.50')).toBe(1_250);
    expect(parsePositiveMinor('12.5')).toBe(1_250);
    expect(parsePositiveMinor('12')).toBe(1_200);
    expect(parsePositiveMinor('0.01')).toBe(1);
  });

  it('accepts the spec\'s extra decimals only when they are zeros', () => {
    expect(parsePositiveMinor('12.50000')).toBe(1_250);
    expect(parsePositiveMinor('12.501')).toBeUndefined();
  });

  it('refuses zero, signs, exponents, separators and amounts beyond the ledger\'s range', () => {
    for (const amount of ['0', '0.00', '-1.00', '+1.00', '1e3', '1,000.00', ' 1.00', '1.', '.5', '21474836.48']) {
      expect(parsePositiveMinor(amount)).toBeUndefined();
    }
    expect(parsePositiveMinor('21474836.47')).toBe(2_147_483_647);
  });
});
