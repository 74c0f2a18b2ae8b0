import { PERMISSION_LABELS } from '@fapi/authorization';
import { SANDBOX_ACCOUNTS, sandboxTransactionsOf } from '@fapi/bank';
import { REQUESTED_PERMISSIONS } from '@fapi/tpp';
import { IndependentTpp } from '../support/independent-tpp';
import { accountsPageShows, consentPageShows, Psu } from '../support/psu';
import { sandbox } from '../support/sandbox-state';

/** The transaction ids the bank seeded for an account, newest first (the fintech lists them so). */
function seededTransactionIds(accountId: string): string[] {
  const account = SANDBOX_ACCOUNTS.find((candidate) => candidate.accountId === accountId);
  if (!account) throw new Error(`no seeded account ${accountId}`);
  return sandboxTransactionsOf(account)
    .sort((a, b) => b.bookingDateTime.localeCompare(a.bookingDateTime))
    .map((transaction) => transaction.transactionId);
}

/** The fintech's own view of a consent, through its onboarded credentials (client-credentials token). */
async function consentStatusSeenByFintech(folder: string, consentId: string): Promise<string> {
  const fintech = new IndependentTpp(folder);
  try {
    const { access_token } = await fintech.clientCredentialsToken('accounts');
    const answer = await fintech.bank<{ Data: { Status: string } }>('GET', `account-access-consents/${consentId}`, access_token);
    expect(answer.status).toBe(200);
    return answer.body.Data.Status;
  } finally {
    await fintech.close();
  }
}

describe('a PSU shares bank accounts with a fintech', () => {
  it('Noah shares two of his three accounts through PAR + JARM, sees their balances and transactions, then disconnects', async () => {
    const { tppUrl, tppClientDir } = sandbox();
    const noah = new Psu('noah', 'noah-sandbox-pass');
    try {
      const login = await noah.connectBankAt(tppUrl);
      expect(new URL(login.url).origin).toBe(sandbox().issuer);
      expect(noah.browser.history.some((url) => url.includes('request_uri=urn'))).toBe(true); // sent through PAR

      const consent = await noah.logIn(login);
      const shown = consentPageShows(consent);
      expect(shown.permissions).toEqual(REQUESTED_PERMISSIONS.map((permission) => PERMISSION_LABELS[permission]));
      expect(shown.accounts.sort()).toEqual(['acc-noah-business', 'acc-noah-everyday', 'acc-noah-savings']);
      expect(shown.facts['Access ends']).toMatch(/^\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}$/);

      const accounts = await noah.approve(consent, ['acc-noah-business', 'acc-noah-everyday']);
      expect(accounts.url).toBe(`${tppUrl}/accounts`);
      const sharedAccounts = (await accountsPageShows(noah, accounts)).sort((a, b) => a.accountId.localeCompare(b.accountId));
      expect(sharedAccounts).toEqual([
        {
          accountId: 'acc-noah-business',
          nickname: 'Okafor Design Ltd',
          sortCode: '99-00-01',
          accountNumber: '10000013',
          balances: [
            { type: 'ITBD', amount: '15670.17', creditDebit: 'Credit' },
            { type: 'ITAV', amount: '15670.17', creditDebit: 'Credit' },
          ],
          transactionIds: seededTransactionIds('acc-noah-business'),
        },
        {
          accountId: 'acc-noah-everyday',
          nickname: 'Main account',
          sortCode: '99-00-01',
          accountNumber: '10000011',
          balances: [
            { type: 'ITBD', amount: '4295.41', creditDebit: 'Credit' },
            { type: 'ITAV', amount: '4295.41', creditDebit: 'Credit' },
          ],
          transactionIds: seededTransactionIds('acc-noah-everyday'),
        },
      ]);
      expect(sharedAccounts[0].transactionIds).toHaveLength(36);

      const consentId = accounts.$('main#accounts').attr('data-consent-id') as string;
      expect(await consentStatusSeenByFintech(tppClientDir, consentId)).toBe('AUTH');

      // Noah changes his mind: the fintech has the bank end the consent and forgets its tokens.
      const disconnected = await noah.disconnect(accounts);
      expect(disconnected.url).toBe(`${tppUrl}/disconnected`);
      expect(disconnected.$('main#disconnected').attr('data-consent-id')).toBe(consentId);
      expect(await consentStatusSeenByFintech(tppClientDir, consentId)).toBe('CANC');
      const afterwards = await noah.browser.open(`${tppUrl}/accounts`);
      expect(afterwards.url).toBe(`${tppUrl}/`);
      expect(afterwards.$('#accounts-link')).toHaveLength(0);
    } finally {
      await noah.close();
    }
  });

  it('Mia shares her savings account through the hybrid flow', async () => {
    const { tppHybridUrl, tppHybridClientDir } = sandbox();
    const mia = new Psu('mia', 'mia-sandbox-pass');
    try {
      const login = await mia.connectBankAt(tppHybridUrl);
      expect(mia.browser.history.some((url) => url.includes('request=ey'))).toBe(true); // request object by value
      const accounts = await mia.approve(await mia.logIn(login), ['acc-mia-savings']);

      expect(accounts.url).toBe(`${tppHybridUrl}/accounts`);
      expect(mia.browser.history.some((url) => url.startsWith(`${tppHybridUrl}/callback#`) && url.includes('id_token='))).toBe(true);
      const [savings, ...others] = await accountsPageShows(mia, accounts);
      expect(others).toEqual([]);
      expect(savings).toEqual({
        accountId: 'acc-mia-savings',
        nickname: 'Rainy day savings',
        sortCode: '99-00-01',
        accountNumber: '10000002',
        balances: [
          { type: 'ITBD', amount: '5179.42', creditDebit: 'Credit' },
          { type: 'ITAV', amount: '5179.42', creditDebit: 'Credit' },
        ],
        transactionIds: seededTransactionIds('acc-mia-savings'),
      });
      const consentId = accounts.$('main#accounts').attr('data-consent-id') as string;
      expect(await consentStatusSeenByFintech(tppHybridClientDir, consentId)).toBe('AUTH');
    } finally {
      await mia.close();
    }
  });

  it('Ava declines: she is back at the fintech with access_denied and the consent is rejected', async () => {
    const { tppUrl, tppClientDir } = sandbox();
    const ava = new Psu('ava', 'ava-sandbox-pass');
    try {
      const declined = await ava.deny(await ava.logIn(await ava.connectBankAt(tppUrl)));
      expect(declined.url).toBe(`${tppUrl}/result`); // the callback redirected: the bank's answer left the address bar
      expect(declined.$('main').attr('data-error-code')).toBe('access_denied');
      const consentId = declined.$('main').attr('data-consent-id') as string;
      expect(consentId).toBeTruthy();
      expect(await consentStatusSeenByFintech(tppClientDir, consentId)).toBe('RJCT');
    } finally {
      await ava.close();
    }
  });
});
