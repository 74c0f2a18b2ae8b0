import { Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma';
import type { BankStore } from '../ledger/bank-store';
import { canDebit } from '../ledger/funds';
import { formatMinor, parsePositiveMinor } from '../ledger/money';
import { isUniqueViolation } from '../ledger/sql-state';
import { type AcceptDomesticPayment, type DomesticPaymentRecord, paymentRecord, PAYMENT_RECORD_INCLUDE } from './domestic-payment-record';
import { SORT_CODE_ACCOUNT_NUMBER } from './payee';
import { ConsentAlreadyUsed, PaymentNotAcceptable } from './payment-errors';
import { INITIAL_PAYMENT_STATUS, STATUS_CHANGE_REASONS } from './payment-status';
import type { SettlementRequester } from './settlement-queue';

/** Rule: an amount is a positive number of whole pence, else PaymentNotAcceptable. Returns it in pence. */
function requirePositiveAmount(amount: string): number {
  const amountMinor = parsePositiveMinor(amount);
  if (amountMinor === undefined) throw new PaymentNotAcceptable('amount', `not a positive amount of whole pence (at most 21474836.47): ${amount}`);
  return amountMinor;
}

/**
 * The bank's domestic payments, as the PISP API uses them: accept a payment (stored RCVD, then queued for
 * settlement), read it back with its status history, and confirm funds.
 */
export class DomesticPayments {
  private readonly log = new Logger('DomesticPayments');

  constructor(
    private readonly store: BankStore,
    private readonly settlement: SettlementRequester,
  ) {}

  /**
   * Stores the payment as RCVD (with its first history row) and asks for its settlement. Accepting the same
   * paymentId again returns that payment and changes nothing. Throws PaymentNotAcceptable (amount, currency,
   * debtor account) and ConsentAlreadyUsed (the consent already made another payment; also under concurrency,
   * by the unique consent id).
   */
  async acceptDomesticPayment(request: AcceptDomesticPayment): Promise<DomesticPaymentRecord> {
    return (await this.accept(request)).payment;
  }

  /**
   * Rule (OB: a payment consent makes one payment; the PISP API answers 201 to one request only): like
   * acceptDomesticPayment, but when the payment exists already — stored by an earlier request or a concurrent one
   * that read the consent still AUTH — ConsentAlreadyUsed instead of that payment.
   */
  async acceptNewDomesticPayment(request: AcceptDomesticPayment): Promise<DomesticPaymentRecord> {
    // no read first: the API asks only once it found the consent AUTH (or COND with no payment), so the payment is
    // almost always new, and the unique payment and consent ids refuse one that is not
    const { payment, stored } = await this.createPayment(request, requirePositiveAmount(request.amount));
    if (!stored) throw new ConsentAlreadyUsed(request.consentId, payment.paymentId);
    await this.queueForSettlement(payment.paymentId);
    return payment;
  }

  /** The payment, stored now (`stored`) or found under its id, and queued for settlement while RCVD. */
  private async accept(request: AcceptDomesticPayment): Promise<{ payment: DomesticPaymentRecord; stored: boolean }> {
    const amountMinor = requirePositiveAmount(request.amount);
    const existing = await this.payment(request.paymentId);
    const accepted = existing ? { payment: existing, stored: false } : await this.createPayment(request, amountMinor);
    // also when it existed: a crash between storing and queueing leaves it RCVD and unqueued (settling twice is harmless)
    if (accepted.payment.status === INITIAL_PAYMENT_STATUS) await this.queueForSettlement(accepted.payment.paymentId);
    return accepted;
  }

  /** The payment with its status history; with `clientId`, another client's payment is not found. */
  async payment(paymentId: string, clientId?: string): Promise<DomesticPaymentRecord | undefined> {
    const row = await this.store.prisma.domesticPayment.findUnique({ where: { paymentId }, include: PAYMENT_RECORD_INCLUDE });
    return row && (clientId === undefined || row.clientId === clientId) ? paymentRecord(row) : undefined;
  }

  /** Funds confirmation: whether the customer's account could pay `amount` now, within its overdraft limit. */
  async fundsAvailable(accountId: string, amount: string): Promise<boolean> {
    const amountMinor = requirePositiveAmount(amount);
    const account = await this.store.prisma.account.findFirst({ where: { accountId, psuId: { not: null } } });
    if (!account) throw new PaymentNotAcceptable('debtor-account', `no customer account ${accountId}`);
    return canDebit(account, amountMinor);
  }

  /** The ids of payments still RCVD that were received before `before` (to queue them again). */
  async receivedBefore(before: Date): Promise<string[]> {
    const rows = await this.store.prisma.domesticPayment.findMany({
      where: { status: INITIAL_PAYMENT_STATUS, creationDateTime: { lt: before } },
      select: { paymentId: true },
      orderBy: { creationDateTime: 'asc' },
    });
    return rows.map((row) => row.paymentId);
  }

  /**
   * Queues a payment for settlement. A failure is logged, not thrown: the payment is safely stored RCVD, and the
   * settlement worker queues every RCVD payment again at startup and periodically.
   */
  async queueForSettlement(paymentId: string): Promise<void> {
    try {
      await this.settlement.requestSettlement(paymentId);
    } catch (error) {
      this.log.warn(`payment ${paymentId} stays RCVD until it is queued again: ${error instanceof Error ? error.message : error}`);
    }
  }

  /**
   * Stores a new payment RCVD with its first history row: the debtor account read with its holder's name, then one
   * statement inserting both rows (so the record is answered from what was stored, without reading it back).
   */
  private async createPayment(request: AcceptDomesticPayment, amountMinor: number): Promise<{ payment: DomesticPaymentRecord; stored: boolean }> {
    const [debtor] = await this.store.statements.sqlRows<{ currency: string; sort_code: string; account_number: string; holder: string | null }>(Prisma.sql`
      SELECT account.currency, account.sort_code, account.account_number, customer.name AS holder
      FROM account JOIN customer ON customer.psu_id = account.psu_id
      WHERE account.account_id = ${request.debtorAccountId}`);
    if (!debtor) throw new PaymentNotAcceptable('debtor-account', `no customer account ${request.debtorAccountId}`);
    if (debtor.currency !== request.currency) {
      throw new PaymentNotAcceptable('currency', `account ${request.debtorAccountId} is in ${debtor.currency}, not ${request.currency}`);
    }
    const at = new Date();
    const reason = STATUS_CHANGE_REASONS.RCVD;
    try {
      await this.store.statements.sqlRows(Prisma.sql`
        WITH payment AS (
          INSERT INTO domestic_payment (payment_id, consent_id, client_id, debtor_account_id, creditor_scheme, creditor_identification,
            creditor_name, amount_minor, currency, reference, initiation, risk, read_refund_account, status, creation_date_time, status_update_date_time)
          VALUES (${request.paymentId}, ${request.consentId}, ${request.clientId}, ${request.debtorAccountId}, ${request.creditor.scheme},
            ${request.creditor.identification}, ${request.creditor.name ?? null}, ${amountMinor}, ${request.currency}, ${request.reference ?? null},
            ${JSON.stringify(request.initiation)}::jsonb, ${JSON.stringify(request.risk)}::jsonb, ${request.readRefundAccount},
            ${INITIAL_PAYMENT_STATUS}::"PaymentStatus", ${at}, ${at})
          RETURNING payment_id
        )
        INSERT INTO domestic_payment_status_change (payment_id, to_status, at, reason)
        SELECT payment_id, ${INITIAL_PAYMENT_STATUS}::"PaymentStatus", ${at}, ${reason} FROM payment`);
    } catch (error) {
      // a concurrent accept won the race: the same payment id is that payment, the same consent is refused
      if (!isUniqueViolation(error)) throw error;
      const raced = await this.payment(request.paymentId);
      if (raced) return { payment: raced, stored: false };
      await this.refuseUsedConsent(request);
      throw error;
    }
    const stored: DomesticPaymentRecord = {
      paymentId: request.paymentId,
      consentId: request.consentId,
      clientId: request.clientId,
      debtorAccountId: request.debtorAccountId,
      debtor: {
        scheme: SORT_CODE_ACCOUNT_NUMBER,
        identification: `${debtor.sort_code}${debtor.account_number}`,
        ...(debtor.holder !== null && { name: debtor.holder }),
      },
      readRefundAccount: request.readRefundAccount,
      creditor: { scheme: request.creditor.scheme, identification: request.creditor.identification, ...(request.creditor.name !== undefined && { name: request.creditor.name }) },
      amount: formatMinor(amountMinor),
      currency: request.currency,
      ...(request.reference !== undefined && { reference: request.reference }),
      initiation: request.initiation,
      risk: request.risk,
      status: INITIAL_PAYMENT_STATUS,
      creationDateTime: at.toISOString(),
      statusUpdateDateTime: at.toISOString(),
      statusHistory: [{ status: INITIAL_PAYMENT_STATUS, at: at.toISOString(), reason }],
    };
    return { payment: stored, stored: true };
  }

  /** Rule: a payment consent makes one payment. */
  private async refuseUsedConsent(request: AcceptDomesticPayment): Promise<void> {
    const used = await this.store.prisma.domesticPayment.findUnique({ where: { consentId: request.consentId }, select: { paymentId: true } });
    if (used && used.paymentId !== request.paymentId) throw new ConsentAlreadyUsed(request.consentId, used.paymentId);
  }
}
