import type { AccountAccessConsent, ObAccount, ObBalance, ObTransaction } from './account-information';
import { accountAccessConsentRequest } from './account-access-consent-request';
import { callBank, type SendToBank } from './ob-http';

/** The bank's UK OB v4.0 account-information API, called with the TPP's bound tokens (token-binding.ts). */
export class OpenBankingApi {
  private readonly base: string;

  constructor(
    bankUrl: string,
    private readonly send: SendToBank,
  ) {
    this.base = `${bankUrl.replace(/\/$/, '')}/open-banking/v4.0/aisp`;
  }

  /** POST /account-access-consents with a client-credentials token (scope `accounts`). */
  async createAccountAccessConsent(accessToken: string, now = new Date()): Promise<AccountAccessConsent> {
    const body = await this.call('create account-access-consent', accessToken, 'POST', '/account-access-consents', 201, accountAccessConsentRequest(now));
    return (body as { Data: AccountAccessConsent }).Data;
  }

  /**
   * DELETE /account-access-consents/{ConsentId} with a client-credentials token (scope `accounts`): the PSU withdrew
   * the access, so the bank ends the consent (CANC) and refuses its access token from then on.
   */
  async deleteAccountAccessConsent(accessToken: string, consentId: string): Promise<void> {
    await this.call('end the account access', accessToken, 'DELETE', `/account-access-consents/${encodeURIComponent(consentId)}`, 204);
  }

  async accounts(accessToken: string): Promise<ObAccount[]> {
    const body = await this.call('read accounts', accessToken, 'GET', '/accounts', 200);
    return (body as { Data: { Account?: ObAccount[] } }).Data.Account ?? [];
  }

  /** One shared account (400 U011 from the bank for an unknown id, 403 for one outside the consent). */
  async account(accessToken: string, accountId: string): Promise<ObAccount | undefined> {
    const body = await this.call('read the account', accessToken, 'GET', `/accounts/${encodeURIComponent(accountId)}`, 200);
    return (body as { Data: { Account?: ObAccount[] } }).Data.Account?.[0];
  }

  async balances(accessToken: string, accountId: string): Promise<ObBalance[]> {
    const body = await this.call('read balances', accessToken, 'GET', `/accounts/${encodeURIComponent(accountId)}/balances`, 200);
    return (body as { Data: { Balance?: ObBalance[] } }).Data.Balance ?? [];
  }

  async transactions(accessToken: string, accountId: string): Promise<ObTransaction[]> {
    const body = await this.call('read transactions', accessToken, 'GET', `/accounts/${encodeURIComponent(accountId)}/transactions`, 200);
    return (body as { Data: { Transaction?: ObTransaction[] } }).Data.Transaction ?? [];
  }

  private async call(operation: string, accessToken: string, method: 'GET' | 'POST' | 'DELETE', path: string, expectedStatus: number, payload?: unknown): Promise<unknown> {
    const answer = await callBank(this.send, {
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
