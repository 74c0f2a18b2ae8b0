import type { CustomFetch } from 'openid-client';
import type { AccountAccessConsent, ObAccount, ObBalance, ObTransaction } from './account-information';
import { accountAccessConsentRequest } from './account-access-consent-request';
import { callBank } from './ob-http';

/** The bank's UK OB v4.0 account-information API, called over mTLS with a certificate-bound token. */
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

  private async call(operation: string, accessToken: string, method: 'GET' | 'POST', path: string, expectedStatus: number, payload?: unknown): Promise<unknown> {
    const answer = await callBank(this.fetch, {
      operation,
      accessToken,
      method,
      url: `${this.base}${path}`,
      expectedStatus,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    return answer.body;
  }
}
