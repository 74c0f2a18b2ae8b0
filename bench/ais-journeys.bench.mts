/**
 * Full AIS journeys, C at a time (closed loop): consent (client_credentials + POST account-access-consents) → PAR with a
 * signed request object → the bank's login and consent forms → JARM response → token → GET accounts, balances and
 * transactions, over HTTPS/mTLS, driven by the same code as the e2e stories (IndependentTpp, grantAccountAccess).
 */
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS } from '@fapi/bank';
import { grantAccountAccess, type IndependentTpp } from '../apps/sandbox-e2e/src/support/independent-tpp.ts';
import type { Bench, Variant } from './harness/contract.mts';
import { closedLoop } from './harness/load.mts';
import { startBenchSandbox, withServerFigures } from './harness/sandbox.mts';

/** Journeys in flight at once. */
const CONCURRENCY = [8, 32];

const PERMISSIONS = ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsDetail', 'ReadTransactionsCredits', 'ReadTransactionsDebits'];

/** The PSUs take turns, each sharing all their accounts. */
const PSUS = SANDBOX_CUSTOMERS.map((customer) => ({
  username: customer.username,
  password: customer.password,
  accountIds: SANDBOX_ACCOUNTS.filter((account) => account.psuId === customer.psuId).map((account) => account.accountId),
}));

/** One full journey of PSU `turn` (the PSUs take turns): whether every step answered as it should. */
export async function journey(tpp: IndependentTpp, turn: number): Promise<boolean> {
  const { tokens } = await grantAccountAccess(tpp, PSUS[turn % PSUS.length], PERMISSIONS);
  for (const resource of ['accounts', 'balances', 'transactions']) {
    if ((await tpp.bank('GET', resource, tokens.access_token)).status !== 200) return false;
  }
  return true;
}

const bench: Bench = {
  name: 'ais-journeys',
  title: 'full AIS journeys (consent → PAR → login and consent forms → JARM → token → 3 reads) over mTLS, C at a time',
  async setUp(options) {
    const sandbox = await startBenchSandbox('ais-journeys', options);
    const tpp = await sandbox.onboardTpp('Bench AIS Fintech');
    let turns = 0;
    const variants: Variant[] = CONCURRENCY.map((concurrency) => ({
      name: `${concurrency} at a time`,
      measure: (seconds) => withServerFigures(sandbox, () => closedLoop(concurrency, seconds, () => journey(tpp, turns++))),
    }));
    return {
      variants,
      tearDown: () => sandbox.stop(),
    };
  },
};

export default bench;
