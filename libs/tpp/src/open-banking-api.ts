import { randomUUID } from 'node:crypto';
import type { CustomFetch } from 'openid-client';
import type { AccountAccessConsent, ObAccount, ObBalance, ObTransaction } from './account-information';
import { accountAccessConsentRequest } from './account-access-consent-request';

/** The bank answered an OB call with an unexpected status; carries the OB error codes and the interaction id. */
export class BankApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errorCodes: string[],
    readonly interactionId: string,
  ) {
    super(`${operation}: the bank answered ${status}${errorCodes.length ? ` (${errorCodes.join(', ')})` : ''}`);
    this.name = 'BankApiError';
  }

  get code(): string {
    return this.errorCodes[0] ?? `bank_http_${this.status}`;
  }
}

/** The OBErrorResponse1 error codes of a response body, if it is one. */
function obErrorCodes(body: unknown): string[] {
  const errors = (body as { Errors?: Array<{ ErrorCode?: unknown }> } | null)?.Errors;
  return Array.isArray(errors) ? errors.map((e) => e.ErrorCode).filter((c): c is string => typeof c === 'string') : [];
}

/**
 * The bank's UK OB v4.0 account-information API, called over mTLS with a certificate-bound token. Every call carries
 * a fresh `x-fapi-interaction-id` (FAPI 1.0 Baseline 6.2.2) so it can be correlated with the bank's logs.
 */
export class OpenBankingApi {
  private readonly base: string;

  constructor(
    bankUrl: string,
    private readonly fetch: CustomFetch,
  ) {
    this.base = `${bankUrl.replace(/\/$/, '')}/open-banking/v4.0/aisp`;
  }

  /** POST /account-access-consents with a client-credentials token (scope `accounts`). */
  async createAccountAccessConsent(accessToken: string, now = new Date()): Promise<AccountAccessConsent> {
    const body = await this.call('create account-access-consent', accessToken, 'POST', '/account-access-consents', 201, accountAccessConsentRequest(now));
    return (body as { Data: AccountAccessConsent }).Data;
  }

  async accounts(accessToken: string): Promise<ObAccount[]> {
    const body = await this.call('read accounts', accessToken, 'GET', '/accounts', 200);
    return (body as { Data: { Account?: ObAccount[] } }).Data.Account ?? [];
  }

  async balances(accessToken: string, accountId: string): Promise<ObBalance[]> {
    const body = await this.call('read balances', accessToken, 'GET', `/accounts/${encodeURIComponent(accountId)}/balances`, 200);
    return (body as { Data: { Balance?: ObBalance[] } }).Data.Balance ?? [];
  }

  async transactions(accessToken: string, accountId: string): Promise<ObTransaction[]> {
    const body = await this.call('read transactions', accessToken, 'GET', `/accounts/${encodeURIComponent(accountId)}/transactions`, 200);
    return (body as { Data: { Transaction?: ObTransaction[] } }).Data.Transaction ?? [];
  }

  private async call(operation: string, accessToken: string, method: string, path: string, expected: number, payload?: unknown): Promise<unknown> {
    const interactionId = randomUUID();
    const headers: Record<string, string> = {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/json',
      'x-fapi-interaction-id': interactionId,
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetch(`${this.base}${path}`, {
      method,
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
      redirect: 'manual',
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported through the status below
    }
    if (response.status !== expected || body === null) {
      throw new BankApiError(operation, response.status, obErrorCodes(body), interactionId);
    }
    return body;
  }
}
