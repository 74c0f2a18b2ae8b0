import { MOST_TRANSACTION_PAGES, OpenBankingApi } from './open-banking-api';
import type { BankRequest } from './ob-http';

const BANK_URL = 'https://bank.test';
const TRANSACTIONS = `${BANK_URL}/open-banking/v4.0/aisp/accounts/acc-1/transactions`;

const transaction = (id: string) => ({ AccountId: 'acc-1', TransactionId: id, CreditDebitIndicator: 'Credit', Status: 'BOOK', BookingDateTime: '2025-04-01T09:00:00Z', Amount: { Amount: '1.00', Currency: 'GBP' } });

/** A bank that answers each URL asked with the page `pages` gives for it, and remembers what it was asked. */
function pagingBank(pages: (url: string) => { ids: string[]; next?: string }) {
  const asked: BankRequest[] = [];
  const send = async (request: BankRequest) => {
    asked.push(request);
    const { ids, next } = pages(request.url);
    return new Response(JSON.stringify({ Data: { Transaction: ids.map(transaction) }, Links: { Self: request.url, ...(next && { Next: next }) }, Meta: {} }), { status: 200 });
  };
  return { api: new OpenBankingApi(BANK_URL, send), asked };
}

describe("the fintech reads every page of an account's transactions", () => {
  it('follows Links.Next until the bank names no next page, keeping the order and the bound token', async () => {
    const { api, asked } = pagingBank((url) =>
      url.endsWith('page=2') ? { ids: ['t3'] } : { ids: ['t1', 't2'], next: `${TRANSACTIONS}?page=2` },
    );
    expect((await api.transactions('psu-token', 'acc-1')).map((t) => t.TransactionId)).toEqual(['t1', 't2', 't3']);
    expect(asked.map((request) => [request.url, request.accessToken])).toEqual([
      [TRANSACTIONS, 'psu-token'],
      [`${TRANSACTIONS}?page=2`, 'psu-token'],
    ]);
  });

  it.each([
    ['another origin', 'https://collector.example/open-banking/v4.0/aisp/accounts/acc-1/transactions?page=2'],
    ['another resource of the bank', `${BANK_URL}/open-banking/v4.0/aisp/accounts/acc-2/transactions?page=2`],
    ['no URL', 'page two'],
  ])('never sends the token to a Links.Next of %s', async (_case, next) => {
    const { api, asked } = pagingBank(() => ({ ids: ['t1'], next }));
    await expect(api.transactions('psu-token', 'acc-1')).rejects.toThrow(/Links\.Next .* is not a page of .*: not followed/);
    expect(asked).toHaveLength(1);
  });

  it(`stops after ${MOST_TRANSACTION_PAGES} pages of a bank whose Links.Next never ends`, async () => {
    let page = 1;
    const { api, asked } = pagingBank(() => ({ ids: [`t${page}`], next: `${TRANSACTIONS}?page=${++page}` }));
    await expect(api.transactions('psu-token', 'acc-1')).rejects.toThrow(`ran past ${MOST_TRANSACTION_PAGES} pages`);
    expect(asked).toHaveLength(MOST_TRANSACTION_PAGES);
  });
});
