import { loginPage, oauthErrorPage } from './pages';

// Escaping itself (the five HTML-significant characters) is pinned where it lives: libs/web-pages/src/html.spec.ts.
describe('interaction pages escape everything they show', () => {
  it('the login page escapes the TPP name and the typed username', () => {
    const html = loginPage({ uid: 'u1', formToken: 'form-token', clientName: '<script>alert(1)</script>', username: '"><img src=x>' }).value;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('"><img');
  });

  it('the error page escapes what oidc-provider reports', () => {
    expect(oauthErrorPage({ error: 'invalid_request', error_description: '<script>' }).value).not.toContain('<script>');
  });
});
