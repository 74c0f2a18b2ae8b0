import type { OnApplicationShutdown } from '@nestjs/common';
import {
  AckPolicy,
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
import type { StreamMessageOf, StreamSubject } from './contract';
import { interactionHeaders, outsideInteraction } from './interaction';
import { namespacedName, namespacedSubject, natsConnectionOptions, type SandboxNats } from './sandbox-nats';

/**
 * A JetStream stream of one subject, with the one durable pull consumer that works it off, as the contract declares it
 * (names outside any sandbox's namespace): messages kept on file for a consumer that is away or restarting.
 */
export interface DurableStreamDeclaration {
  stream: string;
  subject: string;
  consumer: string;
  /** `workqueue`: a message is removed once acknowledged. `limits`: kept until `maxAgeMs`, acknowledged or not. */
  retention: 'workqueue' | 'limits';
  /** How long the stream keeps a message at most (unset: no limit). */
  maxAgeMs?: number;
  /** How long a delivered, unacknowledged message waits before it is delivered again. */
  ackWaitMs: number;
}

/** A durable stream's names in one sandbox's namespace (see SandboxNats). */
export interface DurableStreamNames {
  /** `<sandboxId>_<stream>` */
  stream: string;
  /** `<sandboxId>.<subject>` */
  subject: string;
  /** `<sandboxId>_<consumer>` */
  consumer: string;
}

export function durableStreamNames(sandboxId: string, { stream, subject, consumer }: DurableStreamDeclaration): DurableStreamNames {
  return { stream: namespacedName(sandboxId, stream), subject: namespacedSubject(sandboxId, subject), consumer: namespacedName(sandboxId, consumer) };
}

const RETENTION_POLICIES = { workqueue: RetentionPolicy.Workqueue, limits: RetentionPolicy.Limits } as const;

const isApiError = (error: unknown, code: number) => error instanceof JetStreamApiError && error.code === code;

/**
 * Creates the sandbox's stream and its durable consumer as declared when they are missing; an existing one is used as
 * it is. Whoever publishes or consumes first creates them, so a message published before its consumer ever ran is kept
 * for it (the consumer starts at the first message of the stream).
 */
export async function ensureDurableStream(manager: JetStreamManager, sandboxId: string, declaration: DurableStreamDeclaration): Promise<DurableStreamNames> {
  const names = durableStreamNames(sandboxId, declaration);
  try {
    await manager.streams.info(names.stream);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await manager.streams.add({
      name: names.stream,
      subjects: [names.subject],
      storage: StorageType.File,
      retention: RETENTION_POLICIES[declaration.retention],
      ...(declaration.maxAgeMs === undefined ? {} : { max_age: nanos(declaration.maxAgeMs) }),
    });
  }
  try {
    await manager.consumers.info(names.stream, names.consumer);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    await manager.consumers.add(names.stream, {
      durable_name: names.consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(declaration.ackWaitMs),
      deliver_policy: DeliverPolicy.All,
      filter_subject: names.subject,
    });
  }
  return names;
}

interface OpenStream {
  connection: NatsConnection;
  js: JetStreamClient;
  subject: string;
}

/**
 * Publishes on one of the contract's durable streams (Streams), each message acknowledged by the stream once stored.
 * The connection opens, and the stream and its consumer are created when missing, at the first publish, so a service
 * starts without NATS as it does for its other NATS calls; outside the interaction that publishes (the connection's
 * status lines would otherwise name it for good). One that failed to open is tried again at the next publish; once
 * open, it reconnects for as long as NATS is away.
 */
export class DurableStreamPublisher<Declaration extends DurableStreamDeclaration & { subject: StreamSubject }> implements OnApplicationShutdown {
  private opened?: Promise<OpenStream>;

  constructor(
    private readonly nats: SandboxNats,
    private readonly declaration: Declaration,
  ) {}

  /** The message carries the current interaction's id in its headers, as every NATS message of the sandbox does. */
  async publish(message: StreamMessageOf<Declaration['subject']>): Promise<void> {
    const { js, subject } = await this.open();
    await js.publish(subject, JSON.stringify(message), { headers: interactionHeaders() });
  }

  async onApplicationShutdown(): Promise<void> {
    const stream = await this.opened?.catch(() => undefined);
    if (stream && !stream.connection.isClosed()) await stream.connection.drain();
  }

  private open(): Promise<OpenStream> {
    this.opened ??= outsideInteraction(() => this.openStream()).catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  private async openStream(): Promise<OpenStream> {
    const { natsUrl, sandboxId } = this.nats;
    const connection = await connect({ ...natsConnectionOptions(natsUrl), name: namespacedName(sandboxId, `${this.declaration.stream}-publisher`) });
    try {
      const { subject } = await ensureDurableStream(await jetstreamManager(connection), sandboxId, this.declaration);
      return { connection, js: jetstream(connection), subject };
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
}
