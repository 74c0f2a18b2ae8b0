/**
 * Domestic payments from POST to settled, at a fixed offered rate (open loop): each payment's consent is created and
 * authorised by its PSU before the window (one payment per consent, as the API allows), then the signed POSTs with
 * idempotency keys go out on schedule. The time to settle runs from a payment's scheduled send to its ACSC/ACCC entry
 * in the bank's status history (read once after the window, so polling adds no load); afterwards the ledger is checked.
 */
import pg from 'pg';
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS } from '@fapi/bank';
import { databaseUrl } from '@fapi/persistence';
import type { IndependentTpp } from '../apps/sandbox-e2e/src/support/independent-tpp.ts';
import { type AuthorisedPayment, authorisedPaymentConsent, submitPayment } from '../apps/sandbox-e2e/src/support/payments.ts';
import type { Bench, Measurement, Variant } from './harness/contract.mts';
import { openLoop } from './harness/load.mts';
import { startBenchSandbox, withServerFigures } from './harness/sandbox.mts';

/** Offered payments per second: the 100, and more, to show how many the bank settles when it cannot keep up. */
const RATES = [100, 150];
/** Consents authorised at once while preparing a window. */
const PREPARATION_CONCURRENCY = 16;
/** How long settlement may take after the last POST before the rest count as failures. */
const SETTLEMENT_GRACE_MS = 30_000;
const SETTLED = ['ACSC', 'ACCC'];
const FINAL = [...SETTLED, 'RJCT'];
const SORT_CODE = '990001';

/**
 * A penny from each debtor account to its payee, in turn: four pairs of the bank's eight customer accounts, no account
 * in two pairs, so that settlements (which lock both accounts) can run side by side as they would across a real
 * bank's many accounts; a ring over three accounts would serialise every settlement on the accounts it shares.
 */
const TRANSFERS: Array<[debtorAccountId: string, payeeAccountId: string]> = [
  ['acc-mia-everyday', 'acc-mia-savings'],
  ['acc-noah-everyday', 'acc-noah-savings'],
  ['acc-noah-business', 'acc-ava-everyday'],
  ['acc-ava-savings', 'acc-ava-travel'],
];

const accountOf = (accountId: string) => SANDBOX_ACCOUNTS.find((account) => account.accountId === accountId) as (typeof SANDBOX_ACCOUNTS)[number];
const customerOf = (psuId: string | undefined) => SANDBOX_CUSTOMERS.find((customer) => customer.psuId === psuId) as (typeof SANDBOX_CUSTOMERS)[number];

const ORDERS = TRANSFERS.map(([debtorAccountId, payeeAccountId]) => {
  const payer = customerOf(accountOf(debtorAccountId).psuId);
  return {
    psu: { username: payer.username, password: payer.password },
    order: {
      debtorAccountId,
      creditorIdentification: SORT_CODE + accountOf(payeeAccountId).accountNumber,
      creditorName: customerOf(accountOf(payeeAccountId).psuId).name,
      amount: '0.01',
      reference: 'Bench',
    },
  };
});

/** Attempts at preparing one consent (a keep-alive connection the server closed at that moment fails one). */
const PREPARATION_ATTEMPTS = 3;

/** `count` payment consents authorised by their PSUs, PREPARATION_CONCURRENCY at a time, the transfers in turn. */
export async function authorisedPayments(tpp: IndependentTpp, count: number): Promise<AuthorisedPayment[]> {
  const prepared: AuthorisedPayment[] = [];
  let next = 0;
  const prepare = async (turn: number, attempt = 1): Promise<AuthorisedPayment> => {
    const { psu, order } = ORDERS[turn % ORDERS.length];
    try {
      return await authorisedPaymentConsent(tpp, psu, order);
    } catch (error) {
      if (attempt >= PREPARATION_ATTEMPTS) throw error;
      return prepare(turn, attempt + 1);
    }
  };
  const worker = async () => {
    while (next < count) prepared.push(await prepare(next++));
  };
  await Promise.all(Array.from({ length: PREPARATION_CONCURRENCY }, worker));
  return prepared;
}

/**
 * The ledger's own bookkeeping holds: every account's balance is its opening balance plus its postings, every payment's
 * postings sum to zero, and the bank's total is what it was before the window (money moved, none made or lost).
 */
async function ledgerBalanced(bank: pg.Pool, totalBefore: bigint): Promise<boolean> {
  const { rows } = await bank.query<{ total: string; drifted: string; unbalanced: string }>(`
    SELECT (SELECT sum(balance_minor) FROM account) AS total,
      (SELECT count(*) FROM account a WHERE a.balance_minor <> a.opening_balance_minor + coalesce(
        (SELECT sum(CASE WHEN p.credit_debit = 'Credit' THEN p.amount_minor ELSE -p.amount_minor END) FROM posting p WHERE p.account_id = a.account_id), 0)) AS drifted,
      (SELECT count(*) FROM (SELECT payment_id FROM posting WHERE payment_id IS NOT NULL GROUP BY payment_id
        HAVING sum(CASE WHEN credit_debit = 'Credit' THEN amount_minor ELSE -amount_minor END) <> 0) unbalanced) AS unbalanced`);
  return BigInt(rows[0].total) === totalBefore && rows[0].drifted === '0' && rows[0].unbalanced === '0';
}

async function bankTotal(bank: pg.Pool): Promise<bigint> {
  return BigInt((await bank.query<{ total: string }>('SELECT sum(balance_minor) AS total FROM account')).rows[0].total);
}

interface Decision {
  status: string;
  /** When the payment was stored RCVD, and when it reached its final status (epoch ms). */
  acceptedAt: number;
  at: number;
}

/** When each payment was accepted and decided, once all are decided or the grace period ends. */
export async function finalStatuses(bank: pg.Pool, paymentIds: string[], lastSentAt: number): Promise<Map<string, Decision>> {
  const query = () =>
    bank.query<{ payment_id: string; to_status: string; at: Date; accepted_at: Date }>(
      // the first final status of each payment (a payee here goes ACSC, then ACCC: settled at ACSC)
      `SELECT DISTINCT ON (final.payment_id) final.payment_id, final.to_status, final.at, received.at AS accepted_at
         FROM domestic_payment_status_change final
         JOIN domestic_payment_status_change received ON received.payment_id = final.payment_id AND received.to_status = 'RCVD'
        WHERE final.payment_id = ANY($1) AND final.to_status = ANY($2)
        ORDER BY final.payment_id, final.id`,
      [paymentIds, FINAL],
    );
  for (;;) {
    const { rows } = await query();
    if (rows.length >= paymentIds.length || Date.now() > lastSentAt + SETTLEMENT_GRACE_MS) {
      return new Map(rows.map((row) => [row.payment_id, { status: row.to_status, acceptedAt: row.accepted_at.getTime(), at: row.at.getTime() }]));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const bench: Bench = {
  name: 'payments',
  title: 'domestic payments POST (signed, idempotency key) to settled (ACSC/ACCC), open loop; ledger checked after each window',
  async setUp(options) {
    const sandbox = await startBenchSandbox('payments', options);
    const tpp = await sandbox.onboardTpp('Bench Paying Fintech');
    const bank = new pg.Pool({ connectionString: databaseUrl('bank', { DATABASE_URL: sandbox.databaseBaseUrl }), max: 2 });
    const variants: Variant[] = RATES.map((rate) => ({
      name: `${rate}/s offered`,
      async measure(seconds: number): Promise<Measurement> {
        const prepared = await authorisedPayments(tpp, Math.round(rate * seconds));
        const totalBefore = await bankTotal(bank);
        const sent: Array<{ paymentId: string; scheduledAt: number }> = [];
        const toEpoch = (at: number) => performance.timeOrigin + at;
        const windowStart = toEpoch(performance.now());
        let lastSentAt = windowStart;
        let index = 0;
        let refused = 0;
        let queueingMs = 0;
        const posted = await withServerFigures(sandbox, async () => {
          const window = await openLoop(rate, seconds, async (scheduledAt) => {
            const { paymentId } = await submitPayment(tpp, prepared[index++]);
            sent.push({ paymentId, scheduledAt: toEpoch(scheduledAt) });
            lastSentAt = Date.now();
            return true;
          });
          refused = window.failures;
          const settled = await finalStatuses(bank, sent.map(({ paymentId }) => paymentId), lastSentAt);
          const latenciesMs = sent.flatMap(({ paymentId, scheduledAt }) => {
            const final = settled.get(paymentId);
            return final && SETTLED.includes(final.status) ? [final.at - scheduledAt] : [];
          });
          const decisions = [...settled.values()];
          queueingMs = median(decisions.map(({ acceptedAt, at }) => at - acceptedAt));
          const lastSettledAt = Math.max(windowStart, ...[...settled.values()].map(({ at }) => at));
          return {
            operations: latenciesMs.length,
            failures: window.failures + sent.length - latenciesMs.length,
            seconds: (lastSettledAt - windowStart) / 1000,
            latenciesMs,
          };
        });
        const balanced = await ledgerBalanced(bank, totalBefore);
        return {
          ...posted,
          figures: { ...posted.figures, 'offered payments/s': rate, 'POSTs refused or failed': refused, 'p50 accepted to settled ms': queueingMs, 'ledger balanced': balanced ? 1 : 0 },
        };
      },
    }));
    return {
      variants,
      async tearDown() {
        await bank.end();
        await sandbox.stop();
      },
    };
  },
};

export default bench;
