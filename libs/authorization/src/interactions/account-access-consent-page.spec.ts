import { accountAccessConsentPage } from './account-access-consent-page';

describe('the account-access consent page', () => {
  it('escapes consent and account fields', () => {
    const html = accountAccessConsentPage({
      uid: 'u1',
      formToken: 'form-token',
      clientName: 'TPP <b>',
      consent: {
        consentId: 'c1',
        clientId: 'client',
        status: 'AWAU',
        permissions: ['ReadBalances'],
        creationDateTime: '2026-01-01T00:00:00Z',
        statusUpdateDateTime: '2026-01-01T00:00:00Z',
        accountIds: [],
      },
      accounts: [{ accountId: '"x', nickname: '<i>n</i>', currency: 'GBP', displayIdentifier: '1' }],
    }).value;
    expect(html).toContain('Your account balances');
    expect(html).toContain('When you withdraw it');
    expect(html).not.toContain('<i>n</i>');
    expect(html).toContain('value="&quot;x"');
  });
});
