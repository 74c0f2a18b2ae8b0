import { ClientCredentialsTokens, TOKEN_REUSE_MARGIN_MS } from './client-credentials-tokens';

function setUp(answer: (scope: string, n: number) => { access_token: string; expires_in?: number }) {
  let now = 1_000_000;
  const requested: string[] = [];
  const tokens = new ClientCredentialsTokens(
    async (scope) => {
      requested.push(scope);
      return answer(scope, requested.length);
    },
    () => now,
  );
  return { tokens, requested, advance: (ms: number) => (now += ms) };
}

describe('a client-credentials token is reused per scope until shortly before it expires', () => {
  it('asks once per scope while the token has more than the margin to live, then asks again', async () => {
    const { tokens, requested, advance } = setUp((scope, n) => ({ access_token: `${scope}-${n}`, expires_in: 300 }));
    expect(await tokens.token('payments')).toBe('payments-1');
    expect(await tokens.token('payments')).toBe('payments-1');
    expect(await tokens.token('accounts')).toBe('accounts-2');
    advance(300_000 - TOKEN_REUSE_MARGIN_MS);
    expect(await tokens.token('payments')).toBe('payments-3');
    expect(requested).toEqual(['payments', 'accounts', 'payments']);
  });

  it('a token without expires_in is never reused', async () => {
    const { tokens, requested } = setUp((scope, n) => ({ access_token: `${scope}-${n}` }));
    await tokens.token('payments');
    await tokens.token('payments');
    expect(requested).toHaveLength(2);
  });
});
