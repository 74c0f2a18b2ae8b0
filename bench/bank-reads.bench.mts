/**
 * The bank's AISP reads at a fixed offered rate (open loop): GET accounts, balances and transactions with valid PSU
 * tokens over one TPP's keep-alive mTLS pool, each request's latency taken from its scheduled send time.
 */
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS } from '@fapi/bank';
import { grantAccountAccess, type IndependentTpp, type TokenSet } from '../apps/sandbox-e2e/src/support/independent-tpp.ts';
import type { Bench, Variant } from './harness/contract.mts';
import { openLoop } from './harness/load.mts';
import { startBenchSandbox, withServerFigures } from './harness/sandbox.mts';

/** Offered requests per second. */
const RATES = [250, 500];
const RESOURCES = ['accounts', 'balances', 'transactions'];
const PERMISSIONS = ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsDetail', 'ReadTransactionsCredits', 'ReadTransactionsDebits'];

interface PsuToken {
  tokens: TokenSet;
  /** When it stops being safely usable for a window (half its lifetime). */
  renewAfter: number;
}

/** One valid access token per sandbox customer (each sharing all their accounts), renewed before a window when half-used. */
async function psuTokens(tpp: IndependentTpp, held: PsuToken[]): Promise<string[]> {
  for (const [index, customer] of SANDBOX_CUSTOMERS.entries()) {
    if (held[index] && held[index].renewAfter > Date.now()) continue;
    const accountIds = SANDBOX_ACCOUNTS.filter((account) => account.psuId === customer.psuId).map((account) => account.accountId);
    const { tokens } = await grantAccountAccess(tpp, { username: customer.username, password: customer.password, accountIds }, PERMISSIONS);
    held[index] = { tokens, renewAfter: Date.now() + (tokens.expires_in * 1000) / 2 };
  }
  return held.map(({ tokens }) => tokens.access_token);
}

const bench: Bench = {
  name: 'bank-reads',
  title: 'GET accounts / balances / transactions at a fixed offered rate (open loop, latency from the scheduled send), valid PSU tokens over keep-alive mTLS',
  async setUp(options) {
    const sandbox = await startBenchSandbox('bank-reads', options);
    const tpp = await sandbox.onboardTpp('Bench Reading Fintech');
    const held: PsuToken[] = [];
    const variants: Variant[] = RATES.flatMap((rate) =>
      RESOURCES.map((resource) => ({
        name: `GET ${resource} at ${rate}/s`,
        async measure(seconds: number) {
          const tokens = await psuTokens(tpp, held);
          let turn = 0;
          const measurement = await withServerFigures(sandbox, () =>
            openLoop(rate, seconds, async () => (await tpp.bank('GET', resource, tokens[turn++ % tokens.length])).status === 200),
          );
          return { ...measurement, figures: { ...measurement.figures, 'offered rps': rate } };
        },
      })),
    );
    return {
      variants,
      tearDown: () => sandbox.stop(),
    };
  },
};

export default bench;
