import { consentPage, escapeHtml, loginPage, oauthErrorPage } from './pages';

describe('interaction pages escape everything they show', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('the login page escapes the TPP name and the typed username', () => {
    const html = loginPage({ uid: 'u1', clientName: '<script>alert(1)</script>', username: '"><img src=x>' });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('"><img');
  });

  it('the consent page escapes consent and account fields', () => {
    const html = consentPage({
      uid: 'u1',
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
    });
    expect(html).toContain('Your account balances');
    expect(html).toContain('when you withdraw it');
    expect(html).not.toContain('<i>n</i>');
    expect(html).toContain('value="&#34;x"');
  });

  it('the error page escapes what oidc-provider reports', () => {
    expect(oauthErrorPage({ error: 'invalid_request', error_description: '<script>' })).not.toContain('<script>');
  });
});
