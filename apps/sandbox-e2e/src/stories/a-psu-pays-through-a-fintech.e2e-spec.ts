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
  it('Mia pays Ava 42.10 from her everyday account and watches the payment settle', async () => {
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
        amount: '42.10 GBP',
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
});
