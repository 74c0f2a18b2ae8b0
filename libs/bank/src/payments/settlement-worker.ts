import { Logger } from '@nestjs/common';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { INTERACTION_ID_HEADER, interactionIdFrom, runInInteraction } from '@fapi/nats-contract';
import type { BankStore } from '../ledger/bank-store';
import type { DomesticPayments } from './domestic-payments';
import { settleDomesticPayment } from './settlement';
import type { SettlementQueue } from './settlement-queue';

export interface SettlementWorkerOptions {
  /** How often RCVD payments older than this are queued again (a lost publish, say); default 60 s. */
  requeueIntervalMs?: number;
  /** How long a message whose settlement failed first waits before it is delivered again (doubling each time, at most 60 s); default 1 s. */
  retryDelayMs?: number;
  /** Deliveries of one settlement request that failed before its payment is parked; default 8 (about 2 minutes of retries). */
  maxDeliveries?: number;
  /** Payments settled at once (each one database transaction on its own pooled connection); default SETTLEMENT_CONCURRENCY. */
  concurrency?: number;
}

/**
 * Settlements in flight at once per worker. The database already makes concurrent settlements safe (the payment row
 * and the two accounts are locked, accounts in id order so opposite transfers cannot deadlock), as it must for two
 * bank instances sharing the consumer; one at a time left the worker waiting on each transaction's round trips.
 * Below the pool's 10 connections, so requests still get theirs.
 */
export const SETTLEMENT_CONCURRENCY = 4;

const MAX_RETRY_DELAY_MS = 60_000;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Settles queued payments: takes each message of the durable consumer, settles its payment in one database
 * transaction, and acknowledges the message only after that transaction committed (a crash before the ack means
 * the message is delivered again, and settling again does nothing). At start it queues every payment still RCVD
 * (accepted but never queued, e.g. the process died between storing and publishing), and again periodically.
 *
 * Rule (a settlement that keeps failing must not loop): a failed settlement is retried with a doubling delay; after
 * `maxDeliveries` failed deliveries its payment is parked — the request acknowledged, an error logged, and the payment
 * left RCVD and not queued again by this worker until the bank restarts (when every RCVD payment is queued again).
 * A failure that can never succeed (the database refusing the postings) does not come here: settlement rejects it.
 */
export class PaymentSettlementWorker {
  private readonly log = new Logger('PaymentSettlement');
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private requeueTimer?: NodeJS.Timeout;
  private stopping = false;
  /** Payments whose settlement failed `maxDeliveries` times: not queued again by the periodic sweep. */
  private readonly parked = new Set<string>();

  constructor(
    private readonly store: BankStore,
    private readonly payments: DomesticPayments,
    private readonly queue: SettlementQueue,
    private readonly options: SettlementWorkerOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.requeueReceived(new Date());
    this.messages = await this.queue.messages();
    this.running = this.settleEach(this.messages);
    const interval = this.options.requeueIntervalMs ?? 60_000;
    this.requeueTimer = setInterval(() => void this.requeueReceived(new Date(Date.now() - interval)), interval);
  }

  /** Stops taking messages and waits for the one being settled; messages not yet settled are delivered again. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.requeueTimer);
    this.messages?.stop();
    await this.running;
  }

  /** Takes messages while fewer than `concurrency` are being settled; once the messages end, waits for those in flight. */
  private async settleEach(messages: ConsumerMessages): Promise<void> {
    const concurrency = this.options.concurrency ?? SETTLEMENT_CONCURRENCY;
    const inFlight = new Set<Promise<void>>();
    for await (const message of messages) {
      if (this.stopping) {
        message.nak();
        continue;
      }
      const settling: Promise<void> = runInInteraction({ interactionId: interactionIdFrom(message.headers?.get(INTERACTION_ID_HEADER)) }, () => this.settle(message))
        .catch((error: unknown) => this.log.error(`settling a payment failed unexpectedly: ${errorText(error)}`))
        .finally(() => inFlight.delete(settling));
      inFlight.add(settling);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  private async settle(message: JsMsg): Promise<void> {
    const paymentId = paymentIdOf(message);
    if (!paymentId) {
      // acknowledged, not terminated: a work-queue stream keeps a terminated message forever (nats-server 2.9)
      this.log.error(`dropped a malformed settlement request: ${message.string()}`);
      return message.ack();
    }
    try {
      const result = await settleDomesticPayment(this.store, paymentId);
      if (result.outcome === 'unknown-payment') this.log.warn(`no payment ${paymentId} in this bank's books: request dropped`);
      else this.log.log(`payment ${paymentId}: ${result.outcome} (${result.status})`);
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      if (deliveries < (this.options.maxDeliveries ?? 8)) {
        this.log.error(`settling payment ${paymentId} failed (delivery ${deliveries}), will retry: ${errorText(error)}`);
        return message.nak(Math.min((this.options.retryDelayMs ?? 1_000) * 2 ** (deliveries - 1), MAX_RETRY_DELAY_MS));
      }
      this.parked.add(paymentId);
      this.log.error(`settling payment ${paymentId} failed ${deliveries} times: parked, it stays RCVD until the bank restarts: ${errorText(error)}`);
    }
    try {
      await message.ackAck();
    } catch (error) {
      // the settlement is committed (or the payment parked); the message comes back and settling it again does nothing
      this.log.warn(`acknowledging payment ${paymentId} failed: ${errorText(error)}`);
    }
  }

  private async requeueReceived(before: Date): Promise<void> {
    try {
      for (const paymentId of await this.payments.receivedBefore(before)) {
        if (!this.parked.has(paymentId)) await this.payments.queueForSettlement(paymentId);
      }
    } catch (error) {
      this.log.error(`queueing received payments again failed: ${errorText(error)}`);
    }
  }
}

function paymentIdOf(message: JsMsg): string | undefined {
  try {
    const { paymentId } = message.json<{ paymentId?: unknown }>();
    return typeof paymentId === 'string' && paymentId.length > 0 ? paymentId : undefined;
  } catch {
    return undefined;
  }
}
