import { Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma';
import type { BankStore } from '../ledger/bank-store';
import { canDebit } from '../ledger/funds';
import { parsePositiveMinor } from '../ledger/money';
import { type AcceptDomesticPayment, type DomesticPaymentRecord, paymentRecord, PAYMENT_RECORD_INCLUDE } from './domestic-payment-record';
import { ConsentAlreadyUsed, PaymentNotAcceptable } from './payment-errors';
import { INITIAL_PAYMENT_STATUS, STATUS_CHANGE_REASONS } from './payment-status';
import type { SettlementRequester } from './settlement-queue';

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
    const { payment, stored } = await this.accept(request);
    if (!stored) throw new ConsentAlreadyUsed(request.consentId, payment.paymentId);
    return payment;
  }

  /** The payment, stored now (`stored`) or found under its id, and queued for settlement while RCVD. */
  private async accept(request: AcceptDomesticPayment): Promise<{ payment: DomesticPaymentRecord; stored: boolean }> {
    const amountMinor = parsePositiveMinor(request.amount);
    if (amountMinor === undefined) throw new PaymentNotAcceptable('amount', `not a positive amount of whole pence (at most 21474836.47): ${request.amount}`);
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
    const amountMinor = parsePositiveMinor(amount);
    if (amountMinor === undefined) throw new PaymentNotAcceptable('amount', `not a positive amount of whole pence (at most 21474836.47): ${amount}`);
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

  private async createPayment(request: AcceptDomesticPayment, amountMinor: number): Promise<{ payment: DomesticPaymentRecord; stored: boolean }> {
    const debtor = await this.store.prisma.account.findFirst({ where: { accountId: request.debtorAccountId, psuId: { not: null } } });
    if (!debtor) throw new PaymentNotAcceptable('debtor-account', `no customer account ${request.debtorAccountId}`);
    if (debtor.currency !== request.currency) {
      throw new PaymentNotAcceptable('currency', `account ${debtor.accountId} is in ${debtor.currency}, not ${request.currency}`);
    }
    await this.refuseUsedConsent(request);
    const at = new Date();
    try {
      const row = await this.store.prisma.domesticPayment.create({
        data: {
          paymentId: request.paymentId,
          consentId: request.consentId,
          clientId: request.clientId,
          debtorAccountId: debtor.accountId,
          creditorScheme: request.creditor.scheme,
          creditorIdentification: request.creditor.identification,
          creditorName: request.creditor.name,
          amountMinor,
          currency: request.currency,
          reference: request.reference,
          initiation: request.initiation as Prisma.InputJsonObject,
          risk: request.risk as Prisma.InputJsonObject,
          readRefundAccount: request.readRefundAccount,
          status: INITIAL_PAYMENT_STATUS,
          creationDateTime: at,
          statusUpdateDateTime: at,
          statusHistory: { create: { toStatus: INITIAL_PAYMENT_STATUS, at, reason: STATUS_CHANGE_REASONS.RCVD } },
        },
        include: PAYMENT_RECORD_INCLUDE,
      });
      return { payment: paymentRecord(row), stored: true };
    } catch (error) {
      // a concurrent accept won the race: the same payment id is that payment, the same consent is refused
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      const raced = await this.payment(request.paymentId);
      if (raced) return { payment: raced, stored: false };
      await this.refuseUsedConsent(request);
      throw error;
    }
  }

  /** Rule: a payment consent makes one payment. */
  private async refuseUsedConsent(request: AcceptDomesticPayment): Promise<void> {
    const used = await this.store.prisma.domesticPayment.findUnique({ where: { consentId: request.consentId }, select: { paymentId: true } });
    if (used && used.paymentId !== request.paymentId) throw new ConsentAlreadyUsed(request.consentId, used.paymentId);
  }
}
