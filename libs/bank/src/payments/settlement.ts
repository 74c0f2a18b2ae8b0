import { Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma';
import type { BankStore } from '../ledger/bank-store';
import { EXTERNAL_CLEARING_ACCOUNT } from '../ledger/external-clearing-account';
import { canDebitSql } from '../ledger/funds';
import { sqlStateOf } from '../ledger/sql-state';
import { lockedAccounts, type Transfer, transferPostings } from '../ledger/postings';
import { SORT_CODE_ACCOUNT_NUMBER, ukAccountOf } from './payee';
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

const log = new Logger('PaymentSettlement');

/**
 * Settles a received payment: reads it with its payer and payee (one statement, no lock: none of that changes), then
 * decides it in ONE statement, its own transaction, which locks the payment row if still RCVD (a concurrent or
 * repeated settlement waits, then finds it decided), locks the debtor's and the payee's accounts, and either posts the
 * debit and the credit (to the payee's account at this bank, else to the external clearing account) moving the
 * payment RCVD -> ACSP -> ACSC (-> ACCC), or, when the funds do not cover it, rejects it (RJCT, AM04). Every status
 * change gets its history row. Safe to repeat: a payment that is no longer RCVD is left as it is.
 *
 * One statement because the locks are held until it commits: in an interactive transaction every round trip (and
 * every wait for the bank's busy event loop) was time the next settlement of the same accounts waited, which under
 * load capped settlements far below the rate payments were accepted at (issue 11, bench/README.md).
 *
 * Rule (a settlement that can never succeed is not retried for ever): when the database refuses the postings
 * themselves (a CHECK or another constraint, a value out of range), trying again cannot succeed, so the payment is
 * rejected (RJCT, MS03) by a second statement and the refusal logged. Any other failure (a lost connection, a lock
 * timeout) is thrown for the caller to retry.
 */
export async function settleDomesticPayment(store: BankStore, paymentId: string): Promise<SettlementOutcome> {
  const payment = await receivedPayment(store, paymentId);
  if (!payment) return { paymentId, outcome: 'unknown-payment' };
  if (payment.status !== 'RCVD') return { paymentId, outcome: 'already-decided', status: payment.status };
  try {
    return countSettlement(await decidePayment(store, payment, { postIfFunded: true, rejection: INSUFFICIENT_FUNDS }));
  } catch (error) {
    if (!isRefusedByDatabase(error)) throw error;
    const refusal = error instanceof Error ? error.message : String(error);
    log.error(`the ledger refused the postings of payment ${paymentId}, which is rejected: ${refusal}`);
    return countSettlement(await decidePayment(store, payment, { postIfFunded: false, rejection: LEDGER_REFUSED }));
  }
}

/** What settling reads of a payment, with its payer and payee (settlement changes none of it but the status). */
interface ReceivedPayment {
  paymentId: string;
  status: PaymentStatus;
  debtorAccountId: string;
  amountMinor: number;
  creditorScheme: string;
  creditorIdentification: string;
  creditorName: string | null;
  reference: string | null;
  debtor: Debtor;
  payee: Payee;
}

/**
 * The payment with who pays and who is paid, in one query. Rule: a creditor whose sort code and account number (see
 * ukAccountOf: the scheme's 14 digits) are a customer's account here is paid there; anyone else through the external
 * clearing account.
 */
async function receivedPayment(store: BankStore, paymentId: string): Promise<ReceivedPayment | undefined> {
  const [row] = await store.statements.sqlRows<
    Omit<ReceivedPayment, 'debtor' | 'payee'> & { debtorName: string; sortCode: string; accountNumber: string; payeeAccountId: string | null }
  >(Prisma.sql`
    SELECT payment.payment_id AS "paymentId", payment.status::text AS status, payment.debtor_account_id AS "debtorAccountId",
      payment.amount_minor AS "amountMinor", payment.creditor_scheme AS "creditorScheme", payment.creditor_identification AS "creditorIdentification",
      payment.creditor_name AS "creditorName", payment.reference,
      coalesce(customer.name, debtor.nickname) AS "debtorName", debtor.sort_code AS "sortCode", debtor.account_number AS "accountNumber",
      (SELECT payee.account_id FROM account payee
        WHERE payment.creditor_scheme = ${SORT_CODE_ACCOUNT_NUMBER} AND payment.creditor_identification ~ '^[0-9]{14}$'
          AND payee.sort_code = left(payment.creditor_identification, 6) AND payee.account_number = right(payment.creditor_identification, 8)
          AND payee.psu_id IS NOT NULL) AS "payeeAccountId"
    FROM domestic_payment payment
      LEFT JOIN account debtor ON debtor.account_id = payment.debtor_account_id
      LEFT JOIN customer ON customer.psu_id = debtor.psu_id
    WHERE payment.payment_id = ${paymentId}`);
  if (!row) return undefined;
  const { debtorName, sortCode, accountNumber, payeeAccountId, ...payment } = row;
  if (sortCode === null) throw new Error(`payment ${paymentId}: no debtor account ${payment.debtorAccountId}`);
  const payee: Payee = payeeAccountId
    ? { accountId: payeeAccountId, route: 'internal' }
    : { accountId: EXTERNAL_CLEARING_ACCOUNT.accountId, route: 'external' };
  return { ...payment, payee, debtor: { name: debtorName, sortCode, accountNumber } };
}

/**
 * The decision, in one statement: the payment locked if still RCVD, its accounts locked (in id order), then either
 * (when `postIfFunded` and the locked debtor account can pay) the transfer posted and the payment moved through the
 * settlement statuses, or the payment rejected with `rejection`; every step with its history row (numbered in
 * order), all at one time taken once the locks are held (an account's postings are booked in the order they are
 * made). A payment no longer RCVD is left as it is: already decided.
 */
async function decidePayment(
  store: BankStore,
  payment: ReceivedPayment,
  { postIfFunded, rejection }: { postIfFunded: boolean; rejection: Rejection },
): Promise<SettlementOutcome> {
  const { paymentId, payee } = payment;
  const statuses = settlementStatuses(payee.route);
  const settledStatus = statuses[statuses.length - 1];
  const steps = [...statusSteps(payment, statuses).map((step) => ({ ...step, funded: true })), { ...rejectionStep(payment, rejection), funded: false }];
  const [decided] = await store.statements.sqlRows<{ status: PaymentStatus }>(Prisma.sql`
    WITH payment AS MATERIALIZED (
      SELECT payment_id FROM domestic_payment WHERE payment_id = ${paymentId} AND status = 'RCVD' FOR UPDATE
    ),
    accounts AS MATERIALIZED (${lockedAccounts([payment.debtorAccountId, payee.accountId], Prisma.sql`${postIfFunded} AND EXISTS (SELECT FROM payment)`)}),
    decision AS MATERIALIZED (
      -- funded first: every account is locked (the aggregate reads them all) before the time is taken
      SELECT ${postIfFunded} AND coalesce((SELECT bool_or(${canDebitSql(payment.amountMinor)}) FROM accounts WHERE account_id = ${payment.debtorAccountId}), false) AS funded,
        clock_timestamp() AS at
      FROM payment
    ),
    ${transferPostings(transferOf(payment), Prisma.sql`SELECT at FROM decision WHERE funded`)},
    history AS (
      INSERT INTO domestic_payment_status_change (payment_id, from_status, to_status, at, status_reason_code, reason)
      SELECT ${paymentId}, step.from_status, step.to_status, decision.at, step.reason_code, step.reason
      FROM decision JOIN (VALUES ${Prisma.join(
        steps.map(
          (step, ordinal) =>
            Prisma.sql`(${ordinal}::int, ${step.funded}::boolean, ${step.from}::"PaymentStatus", ${step.to}::"PaymentStatus", ${step.reasonCode ?? null}::varchar, ${step.reason}::varchar)`,
        ),
      )}) AS step(ordinal, funded, from_status, to_status, reason_code, reason) ON step.funded = decision.funded
      ORDER BY step.ordinal
    )
    UPDATE domestic_payment SET
      status = CASE WHEN decision.funded THEN ${settledStatus}::"PaymentStatus" ELSE 'RJCT'::"PaymentStatus" END,
      status_update_date_time = decision.at,
      credited_account_id = CASE WHEN decision.funded THEN ${payee.accountId}::varchar END,
      status_reason_code = CASE WHEN decision.funded THEN NULL ELSE ${rejection.code}::varchar END,
      status_reason = CASE WHEN decision.funded THEN NULL ELSE ${rejection.reason}::varchar END
    FROM decision WHERE domestic_payment.payment_id = ${paymentId}
    RETURNING domestic_payment.status::text AS status`);
  if (!decided) return { paymentId, outcome: 'already-decided', status: (await receivedPayment(store, paymentId))!.status };
  return decided.status === 'RJCT' ? { paymentId, outcome: 'rejected', status: 'RJCT' } : { paymentId, outcome: 'settled', status: decided.status };
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

/** The debit and credit postings of a payment, described as each account holder sees them. */
function transferOf(payment: ReceivedPayment): Transfer {
  const { payee, debtor } = payment;
  const creditor = payment.creditorName ?? payment.creditorIdentification;
  const creditorUkAccount = ukAccountOf({ scheme: payment.creditorScheme, identification: payment.creditorIdentification });
  const creditorCounterparty = creditorUkAccount && { name: creditor, ...creditorUkAccount };
  const reference = payment.reference ?? undefined;
  return {
    paymentId: payment.paymentId,
    amountMinor: payment.amountMinor,
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

interface StatusStep {
  from: PaymentStatus;
  to: PaymentStatus;
  reasonCode?: string;
  reason: string;
}

/** A received payment's steps through the settlement statuses, in order. */
function statusSteps(payment: ReceivedPayment, statuses: readonly PaymentStatus[]): StatusStep[] {
  let from = payment.status;
  return (statuses as readonly Exclude<PaymentStatus, 'RJCT'>[]).map((to) => {
    assertMayMove(payment.paymentId, from, to);
    const step = { from, to, reason: STATUS_CHANGE_REASONS[to] };
    from = to;
    return step;
  });
}

/** A received payment's rejection, with its reason. */
function rejectionStep(payment: ReceivedPayment, rejection: Rejection): StatusStep {
  assertMayMove(payment.paymentId, payment.status, 'RJCT');
  return { from: payment.status, to: 'RJCT', reasonCode: rejection.code, reason: rejection.reason };
}
