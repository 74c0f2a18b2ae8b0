import { Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma';
import type { BankStore } from '../ledger/bank-store';
import { EXTERNAL_CLEARING_ACCOUNT } from '../ledger/external-clearing-account';
import { canDebit } from '../ledger/funds';
import { sqlStateOf } from '../ledger/sql-state';
import { lockAccounts, type LedgerTransaction, postTransfer, type Transfer } from '../ledger/postings';
import { ukAccountOf } from './payee';
import { countSettlement } from './payment-metrics';
import {
  INSUFFICIENT_FUNDS,
  LEDGER_REFUSED,
  mayMovePayment,
  type PayeeRoute,
  type PaymentStatus,
  type Rejection,
  settlementStatuses,
  STATUS_CHANGE_REASONS,
} from './payment-status';

/** What settling a payment did: settled or rejected it now, found it already decided, or found no such payment. */
export type SettlementOutcome =
  | { paymentId: string; outcome: 'settled' | 'rejected'; status: PaymentStatus }
  | { paymentId: string; outcome: 'already-decided'; status: PaymentStatus }
  | { paymentId: string; outcome: 'unknown-payment' };

/** Interactive transactions wait for row locks held by concurrent settlements of the same account. */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

const log = new Logger('PaymentSettlement');

/**
 * Settles a received payment in ONE database transaction: locks the payment row (a concurrent or repeated
 * settlement waits, then finds it decided), locks the debtor's and the payee's accounts, and either posts the debit
 * and the credit (to the payee's account at this bank, else to the external clearing account) moving the payment
 * RCVD -> ACSP -> ACSC (-> ACCC), or, when the funds do not cover it, rejects it (RJCT, AM04). Every status change
 * gets its history row. Safe to repeat: a payment that is no longer RCVD is left as it is.
 *
 * Rule (a settlement that can never succeed is not retried for ever): when the database refuses the postings
 * themselves (a CHECK or another constraint, a value out of range), trying again cannot succeed, so the payment is
 * rejected (RJCT, MS03) in a second transaction and the refusal logged. Any other failure (a lost connection, a
 * lock timeout) is thrown for the caller to retry.
 */
export async function settleDomesticPayment(store: BankStore, paymentId: string): Promise<SettlementOutcome> {
  try {
    return await withReceivedPayment(store, paymentId, settleReceivedPayment);
  } catch (error) {
    if (!isRefusedByDatabase(error)) throw error;
    const refusal = error instanceof Error ? error.message : String(error);
    log.error(`the ledger refused the postings of payment ${paymentId}, which is rejected: ${refusal}`);
    return withReceivedPayment(store, paymentId, async (tx, payment) => {
      await rejectPayment(tx, payment, LEDGER_REFUSED, new Date());
      return { paymentId, outcome: 'rejected', status: 'RJCT' };
    });
  }
}

/** What settling reads of a payment (its row, locked). */
interface ReceivedPayment {
  paymentId: string;
  status: PaymentStatus;
  debtorAccountId: string;
  amountMinor: number;
  creditorScheme: string;
  creditorIdentification: string;
  creditorName: string | null;
  reference: string | null;
}

/**
 * In one transaction: locks the payment row and reads it (one statement), then decides a payment still RCVD (one no
 * longer RCVD is left as it is); a decision is counted once committed (payment-metrics). Settlement's statements are
 * SQL of its own, not Prisma's model queries: a settlement holds both accounts' locks until it commits, so each round
 * trip and each query Prisma compiles is time the next settlement of those accounts waits.
 */
function withReceivedPayment(
  store: BankStore,
  paymentId: string,
  decide: (tx: LedgerTransaction, payment: ReceivedPayment) => Promise<SettlementOutcome>,
): Promise<SettlementOutcome> {
  return store.prisma.$transaction(async (tx): Promise<SettlementOutcome> => {
    const [payment] = await tx.$queryRaw<ReceivedPayment[]>`
      SELECT payment_id AS "paymentId", status::text AS status, debtor_account_id AS "debtorAccountId", amount_minor AS "amountMinor",
        creditor_scheme AS "creditorScheme", creditor_identification AS "creditorIdentification", creditor_name AS "creditorName", reference
      FROM domestic_payment WHERE payment_id = ${paymentId} FOR UPDATE`;
    if (!payment) return { paymentId, outcome: 'unknown-payment' };
    if (payment.status !== 'RCVD') return { paymentId, outcome: 'already-decided', status: payment.status };
    return decide(tx, payment);
  }, TRANSACTION_OPTIONS).then(countSettlement);
}

async function settleReceivedPayment(tx: LedgerTransaction, payment: ReceivedPayment): Promise<SettlementOutcome> {
  const { paymentId } = payment;
  const { payee, debtor } = await partiesOf(tx, payment);
  const locked = await lockAccounts(tx, [payment.debtorAccountId, payee.accountId]);
  const at = new Date(); // after the locks: an account's postings are booked in the order they are made
  if (!canDebit(locked.get(payment.debtorAccountId)!, payment.amountMinor)) {
    await rejectPayment(tx, payment, INSUFFICIENT_FUNDS, at);
    return { paymentId, outcome: 'rejected', status: 'RJCT' };
  }
  await postTransfer(tx, transferOf(payment, payee, debtor, at));
  const statuses = settlementStatuses(payee.route);
  await advancePayment(tx, payment, statuses, at, payee.accountId);
  return { paymentId, outcome: 'settled', status: statuses[statuses.length - 1] };
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the database refuses the data itself. */
const REFUSED_DATA = /^2[23]/;

const isRefusedByDatabase = (error: unknown): boolean => REFUSED_DATA.test(sqlStateOf(error) ?? '');

interface Payee {
  accountId: string;
  route: PayeeRoute;
}

/** The debtor account as the payee's statement names it. */
interface Debtor {
  name: string;
  sortCode: string;
  accountNumber: string;
}

/**
 * Who pays and who is paid, in one query (names and account numbers, which settlement does not change, read before the
 * accounts are locked). Rule: a creditor whose sort code and account number are a customer's account here is paid
 * there; anyone else through the external clearing account.
 */
async function partiesOf(tx: LedgerTransaction, payment: ReceivedPayment): Promise<{ payee: Payee; debtor: Debtor }> {
  const uk = ukAccountOf({ scheme: payment.creditorScheme, identification: payment.creditorIdentification });
  const [row] = await tx.$queryRaw<{ name: string; sort_code: string; account_number: string; payee_account_id: string | null }[]>`
    SELECT coalesce(customer.name, debtor.nickname) AS name, debtor.sort_code, debtor.account_number,
      (SELECT payee.account_id FROM account payee
        WHERE payee.sort_code = ${uk?.sortCode ?? null} AND payee.account_number = ${uk?.accountNumber ?? null} AND payee.psu_id IS NOT NULL) AS payee_account_id
    FROM account debtor LEFT JOIN customer ON customer.psu_id = debtor.psu_id
    WHERE debtor.account_id = ${payment.debtorAccountId}`;
  if (!row) throw new Error(`payment ${payment.paymentId}: no debtor account ${payment.debtorAccountId}`);
  const payee: Payee = row.payee_account_id
    ? { accountId: row.payee_account_id, route: 'internal' }
    : { accountId: EXTERNAL_CLEARING_ACCOUNT.accountId, route: 'external' };
  return { payee, debtor: { name: row.name, sortCode: row.sort_code, accountNumber: row.account_number } };
}

/** The debit and credit postings of a payment, described as each account holder sees them. */
function transferOf(payment: ReceivedPayment, payee: Payee, debtor: Debtor, bookedAt: Date): Transfer {
  const creditor = payment.creditorName ?? payment.creditorIdentification;
  const creditorUkAccount = ukAccountOf({ scheme: payment.creditorScheme, identification: payment.creditorIdentification });
  const creditorCounterparty = creditorUkAccount && { name: creditor, ...creditorUkAccount };
  const reference = payment.reference ?? undefined;
  return {
    paymentId: payment.paymentId,
    amountMinor: payment.amountMinor,
    bookedAt,
    debit: {
      accountId: payment.debtorAccountId,
      information: `PAYMENT TO ${creditor}`,
      reference,
      proprietaryCode: 'FasterPayment',
      counterparty: creditorCounterparty,
    },
    credit:
      payee.route === 'internal'
        ? {
            accountId: payee.accountId,
            information: `PAYMENT FROM ${debtor.name}`,
            reference,
            proprietaryCode: 'CreditTransfer',
            counterparty: { name: debtor.name, sortCode: debtor.sortCode, accountNumber: debtor.accountNumber },
          }
        : {
            accountId: payee.accountId,
            information: `OUTBOUND PAYMENT ${payment.paymentId} TO ${creditor}`,
            reference,
            proprietaryCode: 'FasterPayment',
            counterparty: creditorCounterparty,
          },
  };
}

function assertMayMove(paymentId: string, from: PaymentStatus, to: PaymentStatus): void {
  if (!mayMovePayment(from, to)) throw new Error(`payment ${paymentId} cannot move from ${from} to ${to}`);
}

/**
 * Moves a received payment through the settlement statuses in order, one history row per step (numbered in that
 * order), and the payment to the last: one statement.
 */
async function advancePayment(tx: LedgerTransaction, payment: ReceivedPayment, statuses: readonly PaymentStatus[], at: Date, creditedAccountId: string) {
  const steps: Prisma.Sql[] = [];
  let from = payment.status;
  for (const to of statuses as readonly Exclude<PaymentStatus, 'RJCT'>[]) {
    assertMayMove(payment.paymentId, from, to);
    steps.push(Prisma.sql`(${payment.paymentId}, ${from}::"PaymentStatus", ${to}::"PaymentStatus", ${at}, ${STATUS_CHANGE_REASONS[to]})`);
    from = to;
  }
  await tx.$executeRaw`
    WITH history AS (
      INSERT INTO domestic_payment_status_change (payment_id, from_status, to_status, at, reason) VALUES ${Prisma.join(steps)}
    )
    UPDATE domestic_payment SET status = ${from}::"PaymentStatus", status_update_date_time = ${at}, credited_account_id = ${creditedAccountId}
    WHERE payment_id = ${payment.paymentId}`;
}

/** Rejects a received payment with its reason, recorded on the payment and in its history. */
async function rejectPayment(tx: LedgerTransaction, payment: ReceivedPayment, rejection: Rejection, at: Date) {
  assertMayMove(payment.paymentId, payment.status, 'RJCT');
  await tx.paymentStatusChange.create({
    data: { paymentId: payment.paymentId, fromStatus: payment.status, toStatus: 'RJCT', at, statusReasonCode: rejection.code, reason: rejection.reason },
  });
  await tx.domesticPayment.update({
    where: { paymentId: payment.paymentId },
    data: { status: 'RJCT', statusUpdateDateTime: at, statusReasonCode: rejection.code, statusReason: rejection.reason },
  });
}
