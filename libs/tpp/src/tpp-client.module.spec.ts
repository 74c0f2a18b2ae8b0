import { redirectUriFor } from './tpp-client.module';

describe('the fintech uses only a redirect URI it registered', () => {
  const tpp = { clientName: 'Acme', redirectUris: ['https://localhost:8445/callback'] };

  it('is /callback under its public URL', () => {
    expect(redirectUriFor(tpp, 'https://localhost:8445')).toBe('https://localhost:8445/callback');
    expect(redirectUriFor(tpp, 'https://localhost:8445/')).toBe('https://localhost:8445/callback');
  });

  it('refuses to start at a URL whose callback was not registered', () => {
    expect(() => redirectUriFor(tpp, 'https://localhost:9000')).toThrow(
      'Acme registered https://localhost:8445/callback, not https://localhost:9000/callback (TPP_URL https://localhost:9000)',
    );
  });
});
