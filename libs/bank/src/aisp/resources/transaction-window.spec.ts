import type { AccountAccessConsent } from '@fapi/nats-contract';
import { transactionWindow } from './transaction-window';

const consent = {
  transactionFromDateTime: '2025-05-01T00:00:00+00:00',
  transactionToDateTime: '2025-05-31T23:59:59+00:00',
} as AccountAccessConsent;
const query = (q: string) => new URLSearchParams(q);

describe("transactions are limited to the consent's window", () => {
  it('is the consent window when the query names none', () => {
    expect(transactionWindow(consent, query(''))).toEqual({
      from: new Date('2025-05-01T00:00:00Z'),
      to: new Date('2025-05-31T23:59:59Z'),
    });
    expect(transactionWindow({} as AccountAccessConsent, query(''))).toEqual({ from: undefined, to: undefined });
  });

  it('the query narrows the window but never widens it (dates without zone read as UTC)', () => {
    expect(transactionWindow(consent, query('fromBookingDateTime=2025-05-10T00:00:00&toBookingDateTime=2025-07-01T00:00:00Z'))).toEqual({
      from: new Date('2025-05-10T00:00:00Z'),
      to: new Date('2025-05-31T23:59:59Z'),
    });
    expect(transactionWindow(consent, query('fromBookingDateTime=2025-01-01T00:00:00'))).toMatchObject({ from: new Date('2025-05-01T00:00:00Z') });
  });

  it.each(['yesterday', '2025-13-01T00:00:00', '2025-05-01'])('a malformed date %j is 400 U003', (value) => {
    expect(() => transactionWindow(consent, query(`toBookingDateTime=${value}`))).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ ErrorCode: 'U003', Path: 'toBookingDateTime' })] }),
    );
  });
});
