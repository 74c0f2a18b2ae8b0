import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { interactionHeaders, namespacedName, namespacedSubject, natsConnectionOptions, type SandboxNats } from '@fapi/nats-contract';
import type { ReadinessCheck } from '@fapi/service-runtime';

/** Where a sandbox's settlement requests are on JetStream: each sandbox on a NATS server settles only its own payments. */
export interface SettlementNames {
  /** The stream that holds settlement requests (`<sandboxId>_BANK_PAYMENTS`): file storage, each message removed once acknowledged. */
  stream: string;
  /** A message `{ "paymentId": "..." }` on this subject (`<sandboxId>.bank.payments.settle`) asks for that payment to be settled. */
  subject: string;
  /** The durable pull consumer every bank instance's settlement worker shares (explicit acknowledgement). */
  consumer: string;
}

export function settlementNames(sandboxId: string): SettlementNames {
  return {
    stream: namespacedName(sandboxId, 'BANK_PAYMENTS'),
    subject: namespacedSubject(sandboxId, 'bank.payments.settle'),
    consumer: namespacedName(sandboxId, 'bank-payments-settlement'),
  };
}

/** Anything that can ask for a payment to be settled (the queue; a test double). */
export interface SettlementRequester {
  requestSettlement(paymentId: string): Promise<void>;
}

export interface SettlementQueueOptions {
  /** How long a delivered, unacknowledged message waits before it is delivered again (default 30 s). */
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
  static async connect({ natsUrl, sandboxId }: SandboxNats, options: SettlementQueueOptions = {}): Promise<SettlementQueue> {
    const names = settlementNames(sandboxId);
    const connection = await connect({ ...natsConnectionOptions(natsUrl), name: names.consumer });
    try {
      const manager = await jetstreamManager(connection);
      await ensureStream(manager, names);
      await ensureConsumer(manager, names, options.ackWaitMs ?? 30_000);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return new SettlementQueue(connection, names);
  }

  /** The request carries the current interaction's id in its headers: the worker settles (and logs) as part of it. */
  async requestSettlement(paymentId: string): Promise<void> {
    await this.js.publish(this.names.subject, JSON.stringify({ paymentId }), { headers: interactionHeaders() });
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

const isApiError = (error: unknown, code: number) => error instanceof JetStreamApiError && error.code === code;

async function ensureStream(manager: JetStreamManager, { stream, subject }: SettlementNames): Promise<void> {
  try {
    await manager.streams.info(stream);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await manager.streams.add({
      name: stream,
      subjects: [subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
    });
  }
}

async function ensureConsumer(manager: JetStreamManager, { stream, subject, consumer }: SettlementNames, ackWaitMs: number): Promise<void> {
  try {
    await manager.consumers.info(stream, consumer);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    await manager.consumers.add(stream, {
      durable_name: consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ackWaitMs),
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
    });
  }
}
