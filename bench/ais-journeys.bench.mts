/**
 * Full AIS journeys, C at a time (closed loop): consent (POST account-access-consents) → PAR with a signed request
 * object → the bank's login and consent forms → JARM response → token → GET accounts, balances and transactions, over
 * HTTPS/mTLS, driven by the same code as the e2e stories (IndependentTpp, grantAccountAccess). The consents are created
 * with the TPP's client-credentials token, reused until shortly before it expires as the sample fintech reuses its own
 * (ClientCredentialsTokens): the journey of issue 11 begins at the consent, not at a token grant.
 */
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS } from '@fapi/bank';
import { ClientCredentialsTokens } from '@fapi/tpp';
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

/**
 * Full journeys of `tpp`, the PSUs taking turns: each call runs turn `turn`'s and says whether every step answered as it
 * should. The TPP's client-credentials token is shared by the journeys while it lives.
 */
export function aisJourneys(tpp: IndependentTpp): (turn: number) => Promise<boolean> {
  const clientCredentials = new ClientCredentialsTokens((scope) => tpp.clientCredentialsToken(scope));
  return async (turn) => {
    const { tokens } = await grantAccountAccess(tpp, PSUS[turn % PSUS.length], PERMISSIONS, () => clientCredentials.token('accounts'));
    for (const resource of ['accounts', 'balances', 'transactions']) {
      if ((await tpp.bank('GET', resource, tokens.access_token)).status !== 200) return false;
    }
    return true;
  };
}

const bench: Bench = {
  name: 'ais-journeys',
  title: 'full AIS journeys (consent → PAR → login and consent forms → JARM → token → 3 reads) over mTLS, C at a time',
  async setUp(options) {
    const sandbox = await startBenchSandbox('ais-journeys', options);
    const tpp = await sandbox.onboardTpp('Bench AIS Fintech');
    const journey = aisJourneys(tpp);
    let turns = 0;
    const variants: Variant[] = CONCURRENCY.map((concurrency) => ({
      name: `${concurrency} at a time`,
      measure: (seconds) => withServerFigures(sandbox, () => closedLoop(concurrency, seconds, () => journey(turns++))),
    }));
    return {
      variants,
      tearDown: () => sandbox.stop(),
    };
  },
};

export default bench;
