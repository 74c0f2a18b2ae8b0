import { Logger } from '@nestjs/common';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { BankStore } from '../ledger/bank-store';
import type { DomesticPayments } from './domestic-payments';
import { settleDomesticPayment } from './settlement';
import type { SettlementQueue } from './settlement-queue';

export interface SettlementWorkerOptions {
  /** How often RCVD payments older than this are queued again (a lost publish, say); default 60 s. */
  requeueIntervalMs?: number;
  /** How long a message whose settlement failed waits before it is delivered again; default 1 s. */
  retryDelayMs?: number;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Settles queued payments: takes each message of the durable consumer, settles its payment in one database
 * transaction, and acknowledges the message only after that transaction committed (a crash before the ack means
 * the message is delivered again, and settling again does nothing). At start it queues every payment still RCVD
 * (accepted but never queued, e.g. the process died between storing and publishing), and again periodically.
 */
export class PaymentSettlementWorker {
  private readonly log = new Logger('PaymentSettlement');
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private requeueTimer?: NodeJS.Timeout;
  private stopping = false;

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

  private async settleEach(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      if (this.stopping) message.nak();
      else await this.settle(message);
    }
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
    } catch (error) {
      this.log.error(`settling payment ${paymentId} failed, will retry: ${errorText(error)}`);
      return message.nak(this.options.retryDelayMs ?? 1_000);
    }
    try {
      await message.ackAck();
    } catch (error) {
      // the settlement is committed; the message comes back and settling it again does nothing
      this.log.warn(`acknowledging payment ${paymentId} failed: ${errorText(error)}`);
    }
  }

  private async requeueReceived(before: Date): Promise<void> {
    try {
      for (const paymentId of await this.payments.receivedBefore(before)) await this.payments.queueForSettlement(paymentId);
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
