/** A token endpoint answer, as far as the cache reads it. */
export interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

/** A client-credentials token is reused only while it has at least this long to live. */
export const TOKEN_REUSE_MARGIN_MS = 30_000;

/**
 * The TPP's client-credentials tokens, one per scope, reused until shortly before they expire: a status page reloaded
 * every few seconds should not cost a token request each time. A token without `expires_in` is not reused.
 */
export class ClientCredentialsTokens {
  private readonly tokens = new Map<string, { accessToken: string; reusableUntil: number }>();

  constructor(
    private readonly request: (scope: string) => Promise<TokenAnswer>,
    private readonly now: () => number = Date.now,
  ) {}

  async token(scope: string): Promise<string> {
    const cached = this.tokens.get(scope);
    if (cached && cached.reusableUntil > this.now()) return cached.accessToken;
    const answer = await this.request(scope);
    if (answer.expires_in !== undefined) {
      this.tokens.set(scope, { accessToken: answer.access_token, reusableUntil: this.now() + answer.expires_in * 1000 - TOKEN_REUSE_MARGIN_MS });
    }
    return answer.access_token;
  }
}
