import { bookedBalance } from '../support/balances';
import { grantAccountAccess, IndependentTpp } from '../support/independent-tpp';
import { Psu } from '../support/psu';
import { sandbox } from '../support/sandbox-state';

const MIA = { username: 'mia', password: 'mia-sandbox-pass' };
const AVA = { username: 'ava', password: 'ava-sandbox-pass' };

/** Booked balance in pence, read by the fintech through AISP with the PSU's own consent. */
async function bookedBalanceSharedBy(fintech: IndependentTpp, psu: { username: string; password: string }, accountId: string): Promise<number> {
  const { tokens } = await grantAccountAccess(fintech, { ...psu, accountIds: [accountId] }, ['ReadAccountsBasic', 'ReadBalances']);
  return bookedBalance(fintech, tokens.access_token, accountId);
}

describe('a PSU pays through the fintech', () => {
  it('Mia pays Ava 42.10 from her everyday account, watches the payment settle and sees which account paid', async () => {
    const { tppUrl, tppClientDir } = sandbox();
    const fintech = new IndependentTpp(tppClientDir);
    const mia = new Psu(MIA.username, MIA.password);
    try {
      // Accounts no other story asserts exact figures on: stories share one sandbox.
      const before = { mia: await bookedBalanceSharedBy(fintech, MIA, 'acc-mia-everyday'), ava: await bookedBalanceSharedBy(fintech, AVA, 'acc-ava-savings') };

      const form = await mia.browser.open(`${tppUrl}/pay`);
      const login = await mia.browser.submit(form, 'form#payment-form', {
        payeeName: 'Ava Lindqvist',
        sortCode: '99-00-01',
        accountNumber: '10000022',
        amount: '42.10',
        reference: 'Dinner split',
      });
      expect(new URL(login.url).origin).toBe(sandbox().issuer);
      const consentPage = await mia.logIn(login);
      expect({
        payee: consentPage.$('#payee-name').text().trim(),
        sortCode: consentPage.$('#payee-sort-code').text().trim(),
        accountNumber: consentPage.$('#payee-account-number').text().trim(),
        amount: consentPage.$('#payment-amount').text().trim(),
        reference: consentPage.$('#payment-reference').text().trim(),
        debtorChoices: consentPage.$('input[name=debtorAccountId]').map((_, input) => consentPage.$(input).attr('value')).get().sort(),
      }).toEqual({
        payee: 'Ava Lindqvist',
        sortCode: '99-00-01',
        accountNumber: '10000022',
        amount: '£42.10',
        reference: 'Dinner split',
        debtorChoices: ['acc-mia-everyday', 'acc-mia-savings'],
      });

      let payment = await mia.browser.submit(consentPage, 'form[action$="/consent"]', { debtorAccountId: 'acc-mia-everyday' }, '[value=approve]');
      expect(payment.$('main#payment').length).toBe(1);
      for (let reload = 0; reload < 50 && payment.$('main#payment').attr('data-status') !== 'ACCC'; reload++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        payment = await mia.browser.open(new URL(payment.$('a#refresh-link').attr('href') as string, tppUrl).toString());
      }
      expect(payment.$('main#payment').attr('data-status')).toBe('ACCC');
      expect(payment.$('.payment-amount').attr('data-amount')).toBe('42.10');
      expect(payment.$('.payment-amount').text()).toBe('£42.10');
      // The fintech asked for it (ReadRefundAccount Yes), so the bank names the account Mia chose: the page shows it.
      expect({
        name: payment.$('.debtor-name').text(),
        sortCode: payment.$('.debtor-sort-code').text(),
        accountNumber: payment.$('.debtor-account-number').text(),
      }).toEqual({ name: 'Mia Hartley', sortCode: '99-00-01', accountNumber: '10000001' });
      // The steps the bank's settlement took (payment-details), each with its time.
      const steps = payment.$('li.status-step').map((_, li) => ({ status: payment.$(li).attr('data-status'), at: payment.$(li).find('time').last().attr('datetime') })).get();
      expect(steps.map((step) => step.status)).toEqual(['RCVD', 'ACSP', 'ACSC', 'ACCC']);
      expect(steps.every((step) => !Number.isNaN(Date.parse(step.at as string)))).toBe(true);

      const consentId = payment.$('main#payment').attr('data-consent-id') as string;
      const consent = await fintech.pisp<{ Data: { Status: string } }>('GET', `domestic-payment-consents/${consentId}`, (await fintech.clientCredentialsToken('payments')).access_token);
      expect(consent.body.Data.Status).toBe('COND');

      expect(await bookedBalanceSharedBy(fintech, MIA, 'acc-mia-everyday')).toBe(before.mia - 4210);
      expect(await bookedBalanceSharedBy(fintech, AVA, 'acc-ava-savings')).toBe(before.ava + 4210);
    } finally {
      await mia.close();
      await fintech.close();
    }
  });

  it('Mia tries to pay more than her savings hold: the fintech shows the rejection, why in words, and the steps', async () => {
    const { tppUrl } = sandbox();
    const mia = new Psu(MIA.username, MIA.password);
    try {
      const form = await mia.browser.open(`${tppUrl}/pay`);
      const login = await mia.browser.submit(form, 'form#payment-form', {
        payeeName: 'Ava Lindqvist',
        sortCode: '99-00-01',
        accountNumber: '10000022',
        amount: '900000.00',
        reference: 'Too much',
      });
      const consentPage = await mia.logIn(login);
      let payment = await mia.browser.submit(consentPage, 'form[action$="/consent"]', { debtorAccountId: 'acc-mia-savings' }, '[value=approve]');
      for (let reload = 0; reload < 50 && payment.$('main#payment').attr('data-status') !== 'RJCT'; reload++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        payment = await mia.browser.open(new URL(payment.$('a#refresh-link').attr('href') as string, tppUrl).toString());
      }
      expect(payment.$('main#payment').attr('data-status')).toBe('RJCT');
      expect(payment.$('.payment-status').text()).toBe('Rejected');
      expect(payment.$('.payment-status-reason').text()).toBe('There was not enough money in the account.');
      expect(payment.$('.payment-status-reason').attr('data-reason-code')).toBe('AM04');
      const steps = payment.$('li.status-step').map((_, li) => payment.$(li).attr('data-status')).get();
      expect(steps).toEqual(['RCVD', 'RJCT']);
      expect(payment.$('li.status-step[data-status=RJCT] .status-step-reason').text()).toBe('There was not enough money in the account.');
      expect(payment.$('meta[http-equiv=refresh]')).toHaveLength(0);
    } finally {
      await mia.close();
    }
  });
});
