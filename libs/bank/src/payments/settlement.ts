import { Logger } from '@nestjs/common';
import type { DomesticPayment } from '../../generated/prisma';
import type { BankStore } from '../ledger/bank-store';
import { EXTERNAL_CLEARING_ACCOUNT } from '../ledger/external-clearing-account';
import { canDebit } from '../ledger/funds';
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

/**
 * In one transaction: locks the payment row, then decides a payment still RCVD (one no longer RCVD is left as it is);
 * a decision is counted once committed (payment-metrics).
 */
function withReceivedPayment(
  store: BankStore,
  paymentId: string,
  decide: (tx: LedgerTransaction, payment: DomesticPayment) => Promise<SettlementOutcome>,
): Promise<SettlementOutcome> {
  return store.prisma.$transaction(async (tx): Promise<SettlementOutcome> => {
    await tx.$executeRaw`SELECT 1 FROM domestic_payment WHERE payment_id = ${paymentId} FOR UPDATE`;
    const payment = await tx.domesticPayment.findUnique({ where: { paymentId } });
    if (!payment) return { paymentId, outcome: 'unknown-payment' };
    if (payment.status !== 'RCVD') return { paymentId, outcome: 'already-decided', status: payment.status };
    return decide(tx, payment);
  }, TRANSACTION_OPTIONS).then(countSettlement);
}

async function settleReceivedPayment(tx: LedgerTransaction, payment: DomesticPayment): Promise<SettlementOutcome> {
  const { paymentId } = payment;
  const payee = await payeeAccount(tx, payment);
  const locked = await lockAccounts(tx, [payment.debtorAccountId, payee.accountId]);
  const at = new Date(); // after the locks: an account's postings are booked in the order they are made
  if (!canDebit(locked.get(payment.debtorAccountId)!, payment.amountMinor)) {
    await rejectPayment(tx, payment, INSUFFICIENT_FUNDS, at);
    return { paymentId, outcome: 'rejected', status: 'RJCT' };
  }
  await postTransfer(tx, await transferOf(tx, payment, payee, at));
  const statuses = settlementStatuses(payee.route);
  await advancePayment(tx, payment, statuses, at, payee.accountId);
  return { paymentId, outcome: 'settled', status: statuses[statuses.length - 1] };
}

/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the database refuses the data itself.
 * The adapter puts the code in `cause.originalCode`; Prisma's own errors carry the adapter's error in
 * `meta.driverAdapterError`.
 */
const REFUSED_DATA = /^2[23]/;

function isRefusedByDatabase(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { cause, meta, originalCode } = current as { cause?: unknown; meta?: { driverAdapterError?: unknown }; originalCode?: unknown };
    if (typeof originalCode === 'string') return REFUSED_DATA.test(originalCode);
    current = meta?.driverAdapterError ?? cause;
  }
  return false;
}

interface Payee {
  accountId: string;
  route: PayeeRoute;
}

/** Rule: a creditor whose sort code and account number are a customer's account here is paid there; anyone else through the external clearing account. */
async function payeeAccount(tx: LedgerTransaction, payment: DomesticPayment): Promise<Payee> {
  const uk = ukAccountOf({ scheme: payment.creditorScheme, identification: payment.creditorIdentification });
  const internal = uk && (await tx.account.findFirst({ where: { ...uk, psuId: { not: null } }, select: { accountId: true } }));
  return internal ? { accountId: internal.accountId, route: 'internal' } : { accountId: EXTERNAL_CLEARING_ACCOUNT.accountId, route: 'external' };
}

/** The debit and credit postings of a payment, described as each account holder sees them. */
async function transferOf(tx: LedgerTransaction, payment: DomesticPayment, payee: Payee, bookedAt: Date): Promise<Transfer> {
  const creditor = payment.creditorName ?? payment.creditorIdentification;
  const creditorUkAccount = ukAccountOf({ scheme: payment.creditorScheme, identification: payment.creditorIdentification });
  const creditorCounterparty = creditorUkAccount && { name: creditor, ...creditorUkAccount };
  const debtor = await tx.account.findUniqueOrThrow({ where: { accountId: payment.debtorAccountId }, include: { customer: { select: { name: true } } } });
  const debtorName = debtor.customer?.name ?? debtor.nickname;
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
            information: `PAYMENT FROM ${debtorName}`,
            reference,
            proprietaryCode: 'CreditTransfer',
            counterparty: { name: debtorName, sortCode: debtor.sortCode, accountNumber: debtor.accountNumber },
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

/** Moves a received payment through the settlement statuses in order, one history row per step. */
async function advancePayment(tx: LedgerTransaction, payment: DomesticPayment, statuses: readonly PaymentStatus[], at: Date, creditedAccountId: string) {
  let from = payment.status;
  for (const to of statuses as readonly Exclude<PaymentStatus, 'RJCT'>[]) {
    assertMayMove(payment.paymentId, from, to);
    await tx.paymentStatusChange.create({ data: { paymentId: payment.paymentId, fromStatus: from, toStatus: to, at, reason: STATUS_CHANGE_REASONS[to] } });
    from = to;
  }
  await tx.domesticPayment.update({ where: { paymentId: payment.paymentId }, data: { status: from, statusUpdateDateTime: at, creditedAccountId } });
}

/** Rejects a received payment with its reason, recorded on the payment and in its history. */
async function rejectPayment(tx: LedgerTransaction, payment: DomesticPayment, rejection: Rejection, at: Date) {
  assertMayMove(payment.paymentId, payment.status, 'RJCT');
  await tx.paymentStatusChange.create({
    data: { paymentId: payment.paymentId, fromStatus: payment.status, toStatus: 'RJCT', at, statusReasonCode: rejection.code, reason: rejection.reason },
  });
  await tx.domesticPayment.update({
    where: { paymentId: payment.paymentId },
    data: { status: 'RJCT', statusUpdateDateTime: at, statusReasonCode: rejection.code, statusReason: rejection.reason },
  });
}
