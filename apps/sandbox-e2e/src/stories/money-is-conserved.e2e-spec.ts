import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS } from '@fapi/bank';
import { bookedBalances } from '../support/balances';
import { grantAccountAccess, IndependentTpp } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { payAndAwaitSettlement } from '../support/payments';

const SORT_CODE = '990001';

describe('money is conserved: payments between the bank’s customers neither create nor destroy it', () => {
  let auditor: IndependentTpp;

  beforeAll(() => {
    auditor = new IndependentTpp(
      onboardFintech('Ledger Auditor', ['--redirect-uri', 'https://auditor.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
  });

  afterAll(async () => {
    await auditor.close();
  });

  /** Every customer's every account, read with that customer's consent. */
  async function allBalances(): Promise<Map<string, number>> {
    const all = new Map<string, number>();
    for (const customer of SANDBOX_CUSTOMERS) {
      const accountIds = SANDBOX_ACCOUNTS.filter((account) => account.psuId === customer.psuId).map((account) => account.accountId);
      const { tokens } = await grantAccountAccess(auditor, { username: customer.username, password: customer.password, accountIds }, ['ReadAccountsBasic', 'ReadBalances']);
      for (const [accountId, balance] of await bookedBalances(auditor, tokens.access_token)) all.set(accountId, balance);
    }
    return all;
  }

  const total = (balances: Map<string, number>) => [...balances.values()].reduce((sum, balance) => sum + balance, 0);
  const accountNumber = (accountId: string) => SORT_CODE + (SANDBOX_ACCOUNTS.find((account) => account.accountId === accountId)?.accountNumber ?? '');
  const customer = (username: string) => {
    const found = SANDBOX_CUSTOMERS.find((candidate) => candidate.username === username);
    if (!found) throw new Error(`no customer ${username}`);
    return { username: found.username, password: found.password };
  };

  it('after settled and rejected payments, every account moved by exactly its payments and the total is unchanged', async () => {
    const before = await allBalances();
    expect(before.size).toBe(SANDBOX_ACCOUNTS.length);

    const outcomes = [];
    for (const [payer, debtorAccountId, creditorAccountId, amount] of [
      ['noah', 'acc-noah-savings', 'acc-ava-savings', '10.00'],
      ['mia', 'acc-mia-everyday', 'acc-noah-savings', '7.77'],
      ['ava', 'acc-ava-everyday', 'acc-mia-everyday', '1000000.00'], // more than Ava has: rejected, nothing moves
      ['ava', 'acc-ava-savings', 'acc-mia-everyday', '3.33'],
    ] as const) {
      outcomes.push(
        (await payAndAwaitSettlement(auditor, customer(payer), {
          debtorAccountId,
          creditorIdentification: accountNumber(creditorAccountId),
          creditorName: 'A sandbox customer',
          amount,
          reference: 'Conservation',
        })).status,
      );
    }
    expect(outcomes).toEqual(['ACCC', 'ACCC', 'RJCT', 'ACCC']);

    const after = await allBalances();
    expect(total(after)).toBe(total(before));
    const moved = Object.fromEntries([...after].map(([accountId, balance]) => [accountId, balance - (before.get(accountId) ?? NaN)]));
    expect(moved).toEqual({
      ...Object.fromEntries([...before.keys()].map((accountId) => [accountId, 0])),
      'acc-noah-savings': -1000 + 777,
      'acc-ava-savings': 1000 - 333,
      'acc-mia-everyday': -777 + 333,
    });
  });
});
