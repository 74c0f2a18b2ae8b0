import type { AccountAccessConsent, ObAccount, ObBalance, ObTransaction } from './account-information';
import { accountAccessConsentRequest } from './account-access-consent-request';
import { callBank, type SendToBank } from './ob-http';

/** The most pages of one account's transactions the fintech reads: a bank whose Links.Next never ends stops here. */
export const MOST_TRANSACTION_PAGES = 40;

/** The page Links.Next names, if it is another page of the resource `firstPage` (same origin and path); else an error. */
function nextPageOf(firstPage: string, next: string | undefined): string | undefined {
  if (next === undefined) return undefined;
  const [resource, named] = [new URL(firstPage), URL.parse(next)];
  if (!named || named.origin !== resource.origin || named.pathname !== resource.pathname) {
    throw new Error(`the bank's Links.Next ${JSON.stringify(next.slice(0, 200))} is not a page of ${firstPage}: not followed`);
  }
  return named.toString();
}

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

  /**
   * Every page of one account's transactions: the bank pages them and names the next page in Links.Next (UK OB
   * Read/Write API, Pagination). A Next link is followed only to the same resource of the same bank, so the access token
   * goes nowhere the fintech did not choose, and for at most MOST_TRANSACTION_PAGES pages.
   */
  async transactions(accessToken: string, accountId: string): Promise<ObTransaction[]> {
    const firstPage = `${this.base}/accounts/${encodeURIComponent(accountId)}/transactions`;
    const transactions: ObTransaction[] = [];
    for (let page: string | undefined = firstPage, pagesRead = 0; page !== undefined; pagesRead++) {
      if (pagesRead === MOST_TRANSACTION_PAGES) throw new Error(`the bank's transactions of ${accountId} ran past ${MOST_TRANSACTION_PAGES} pages: not read further`);
      const body = (await this.callUrl('read transactions', accessToken, 'GET', page, 200)) as { Data: { Transaction?: ObTransaction[] }; Links?: { Next?: string } };
      transactions.push(...(body.Data.Transaction ?? []));
      page = nextPageOf(firstPage, body.Links?.Next);
    }
    return transactions;
  }

  private call(operation: string, accessToken: string, method: 'GET' | 'POST' | 'DELETE', path: string, expectedStatus: number, payload?: unknown): Promise<unknown> {
    return this.callUrl(operation, accessToken, method, `${this.base}${path}`, expectedStatus, payload);
  }

  private async callUrl(operation: string, accessToken: string, method: 'GET' | 'POST' | 'DELETE', url: string, expectedStatus: number, payload?: unknown): Promise<unknown> {
    const answer = await callBank(this.send, {
      operation,
      accessToken,
      method,
      url,
      expectedStatus,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    return answer.body;
  }
}
