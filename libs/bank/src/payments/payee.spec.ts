import { ukAccountOf } from './payee';

describe('a payee can be at this bank only when named by UK sort code and account number', () => {
  it('splits a 14-digit UK.OBIE.SortCodeAccountNumber into sort code and account number', () => {
    expect(ukAccountOf({ scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000011' })).toEqual({
      sortCode: '990001',
      accountNumber: '10000011',
    });
  });

  it('finds no UK account in another scheme or a malformed identification', () => {
    expect(ukAccountOf({ scheme: 'UK.OBIE.IBAN', identification: 'GB29NWBK60161331926819' })).toBeUndefined();
    expect(ukAccountOf({ scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99-00-01 10000011' })).toBeUndefined();
    expect(ukAccountOf({ scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '9900011000001' })).toBeUndefined();
  });
});
