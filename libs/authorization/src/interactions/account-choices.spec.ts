import type { DomesticPaymentConsent, PsuAccountSummary } from '@fapi/nats-contract';
import { FIXED_ACCOUNT_NOT_YOURS, accountsToShare, debtorAccountToPayFrom, fixedDebtorAccount } from './account-choices';

const accounts: PsuAccountSummary[] = [
  { accountId: 'acc-1', nickname: 'One', currency: 'GBP', displayIdentifier: '1' },
  { accountId: 'acc-2', nickname: 'Two', currency: 'GBP', displayIdentifier: '2' },
];

const paymentConsent = (debtorAccountId?: string) =>
  ({ summary: { amount: '1.00', currency: 'GBP', creditorScheme: 'x', creditorIdentification: 'y', debtorAccountId } }) as DomesticPaymentConsent;

const form = (...fields: [string, string][]) => new URLSearchParams(fields);

describe('what the PSU chooses on the consent page', () => {
  describe('account access', () => {
    it('shares the chosen accounts of the PSU, each once', () => {
      expect(accountsToShare(form(['accountIds', 'acc-2'], ['accountIds', 'acc-2']), accounts)).toEqual({ ok: true, value: ['acc-2'] });
    });

    it('refuses no account, or an account that is not the PSU', () => {
      expect(accountsToShare(form(), accounts).ok).toBe(false);
      expect(accountsToShare(form(['accountIds', 'acc-1'], ['accountIds', 'acc-9']), accounts).ok).toBe(false);
    });
  });

  describe('the debtor account of a payment', () => {
    it('is the fixed one, whatever the form says', () => {
      expect(debtorAccountToPayFrom(paymentConsent('acc-2'), form(['debtorAccountId', 'acc-1']), accounts)).toEqual({ ok: true, value: 'acc-2' });
    });

    it("cannot be a fixed account that is not one of the PSU's", () => {
      expect(fixedDebtorAccount(paymentConsent('acc-9'), accounts)).toEqual({ ok: false, error: FIXED_ACCOUNT_NOT_YOURS });
      expect(debtorAccountToPayFrom(paymentConsent('acc-9'), form(['debtorAccountId', 'acc-1']), accounts)).toEqual({ ok: false, error: FIXED_ACCOUNT_NOT_YOURS });
    });

    it('left open, is exactly one account of the PSU', () => {
      expect(debtorAccountToPayFrom(paymentConsent(), form(['debtorAccountId', 'acc-1']), accounts)).toEqual({ ok: true, value: 'acc-1' });
      expect(debtorAccountToPayFrom(paymentConsent(), form(), accounts).ok).toBe(false);
      expect(debtorAccountToPayFrom(paymentConsent(), form(['debtorAccountId', 'acc-1'], ['debtorAccountId', 'acc-2']), accounts).ok).toBe(false);
      expect(debtorAccountToPayFrom(paymentConsent(), form(['debtorAccountId', 'acc-9']), accounts).ok).toBe(false);
    });
  });
});
