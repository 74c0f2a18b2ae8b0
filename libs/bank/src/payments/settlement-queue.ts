import { type ConsumerMessages, type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  type DurableStreamNames,
  durableStreamNames,
  ensureDurableStream,
  interactionHeaders,
  natsConnectionOptions,
  type PaymentSettlementRequest,
  type SandboxNats,
  Streams,
} from '@fapi/nats-contract';
import type { ReadinessCheck } from '@fapi/service-runtime';

/**
 * Where a sandbox's settlement requests are on JetStream (Streams.paymentSettlement in its namespace): each sandbox on
 * a NATS server settles only its own payments. The stream (`<sandboxId>_BANK_PAYMENTS`, file storage, each message
 * removed once acknowledged) holds `{ "paymentId": "..." }` messages on `<sandboxId>.bank.payments.settle`, worked off
 * by the durable pull consumer every bank instance's settlement worker shares (explicit acknowledgement).
 */
export type SettlementNames = DurableStreamNames;

export const settlementNames = (sandboxId: string): SettlementNames => durableStreamNames(sandboxId, Streams.paymentSettlement);

/** Anything that can ask for a payment to be settled (the queue; a test double). */
export interface SettlementRequester {
  requestSettlement(paymentId: string): Promise<void>;
}

export interface SettlementQueueOptions {
  /** How long a delivered, unacknowledged message waits before it is delivered again (default: the declaration's 30 s). */
  ackWaitMs?: number;
}

/**
 * Settlement requests on NATS JetStream, durable across restarts of the bank and of NATS. The stream and the durable
 * consumer are created when missing (an existing one is used as it is). A payment may be requested more than once
 * (accepted again, queued again after a restart): settling is idempotent, so no message id deduplication is used,
 * which would drop a request queued again while the first one sits with a worker that died.
 */
export class SettlementQueue implements SettlementRequester {
  private readonly js: JetStreamClient;

  private constructor(
    private readonly connection: NatsConnection,
    readonly names: SettlementNames,
  ) {
    this.js = jetstream(connection);
  }

  /** The queue of the sandbox `sandboxId` on the NATS server at `natsUrl`. */
  static async connect(nats: SandboxNats, options: SettlementQueueOptions = {}): Promise<SettlementQueue> {
    const declaration = { ...Streams.paymentSettlement, ackWaitMs: options.ackWaitMs ?? Streams.paymentSettlement.ackWaitMs };
    const connection = await connect({ ...natsConnectionOptions(nats.natsUrl), name: settlementNames(nats.sandboxId).consumer });
    try {
      return new SettlementQueue(connection, await ensureDurableStream(await jetstreamManager(connection), nats, declaration));
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** The request carries the current interaction's id in its headers: the worker settles (and logs) as part of it. */
  async requestSettlement(paymentId: string): Promise<void> {
    const request: PaymentSettlementRequest = { paymentId };
    await this.js.publish(this.names.subject, JSON.stringify(request), { headers: interactionHeaders() });
  }

  /** The messages of the durable consumer, a few at a time. */
  async messages(): Promise<ConsumerMessages> {
    const consumer = await this.js.consumers.get(this.names.stream, this.names.consumer);
    return consumer.consume({ max_messages: 8 });
  }

  /** Resolves when JetStream answers for the settlement consumer (throws while NATS or JetStream is away). */
  async answers(timeoutMs: number): Promise<void> {
    const manager = await jetstreamManager(this.connection, { timeout: timeoutMs });
    await manager.consumers.info(this.names.stream, this.names.consumer);
  }

  /** Flushes what was published and acknowledged, then closes the connection. */
  close(): Promise<void> {
    return this.connection.isClosed() ? Promise.resolve() : this.connection.drain();
  }
}

/** The bank is ready only while its settlements can be queued and worked off. */
export const settlementQueueCheck: ReadinessCheck = {
  name: 'settlement-queue',
  probe: (get) => get(SettlementQueue).answers(1_500),
};
