import type { OnApplicationShutdown } from '@nestjs/common';
import {
  AckPolicy,
  type ClusterInfo,
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

/** JetStream's answer to a stream of more than one replica on a server that is not part of a cluster. */
const REPLICAS_NOT_SUPPORTED = 10074;

/** How many NATS nodes keep each of the sandbox's streams: NATS_STREAM_REPLICAS (JetStream allows 1 to 5). */
export const STREAM_REPLICAS = { default: 1, min: 1, max: 5 } as const;

/** NATS_STREAM_REPLICAS, refused at start-up unless JetStream can keep a stream on that many nodes. */
export function streamReplicasOf(env: NodeJS.ProcessEnv): number {
  const text = env.NATS_STREAM_REPLICAS || String(STREAM_REPLICAS.default);
  const replicas = Number(text);
  if (!/^\d+$/.test(text) || replicas < STREAM_REPLICAS.min || replicas > STREAM_REPLICAS.max) {
    throw new Error(
      `NATS_STREAM_REPLICAS ${JSON.stringify(text)} is not a whole number from ${STREAM_REPLICAS.min} to ${STREAM_REPLICAS.max} ` +
        '(how many JetStream nodes keep each stream: 1 on one NATS server, the cluster size on a cluster of 3 or 5)',
    );
  }
  return replicas;
}

/** How long a start waits at most for a stream whose replicas changed to be placed on its nodes again. */
const PLACEMENT_TIMEOUT_MS = 30_000;
const PLACEMENT_POLL_MS = 250;

/**
 * Resolves once the stream and its consumer each have a leader and `replicas - 1` current peers: while the cluster
 * copies a stream to new peers (or drops some), JetStream answers "temporarily unavailable" or not at all for it and its
 * consumer, and a service starting then would fail.
 */
async function placed(manager: JetStreamManager, names: DurableStreamNames, replicas: number): Promise<void> {
  const onAllNodes = (cluster: ClusterInfo | undefined) =>
    !!cluster?.leader && (cluster.replicas ?? []).length === replicas - 1 && (cluster.replicas ?? []).every(({ current }) => current);
  const deadline = Date.now() + PLACEMENT_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const stream = (await manager.streams.info(names.stream)).cluster;
      const consumer = await manager.consumers.info(names.stream, names.consumer).then(
        ({ cluster }) => cluster,
        (error: unknown) => {
          if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return stream; // created next, on the stream's nodes
          throw error;
        },
      );
      if (onAllNodes(stream) && onAllNodes(consumer)) return;
      last = `stream leader ${stream?.leader ?? 'none'}, consumer leader ${consumer?.leader ?? 'none'}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, PLACEMENT_POLL_MS));
  }
  throw new Error(`stream ${names.stream}: not on ${replicas} NATS nodes within ${PLACEMENT_TIMEOUT_MS / 1000} s (${last})`);
}

function notClustered(stream: string, replicas: number): Error {
  return new Error(`stream ${stream}: NATS_STREAM_REPLICAS is ${replicas}, but this NATS server is not part of a JetStream cluster: set it to 1`);
}

/**
 * Creates the sandbox's stream and its durable consumer as declared when they are missing; an existing one is used as
 * it is, except for its replicas: a stream kept on another number of nodes than `streamReplicas` (SandboxNats) is
 * updated in place (JetStream copies its messages to the new nodes, or drops nodes; the consumer, of inherited
 * replicas, follows), and the start waits until it is placed, so raising NATS_STREAM_REPLICAS on a running cluster
 * takes effect at the next start. Whoever publishes or consumes first creates them, so a message published before its
 * consumer ever ran is kept for it (the consumer starts at the first message of the stream).
 */
export async function ensureDurableStream(
  manager: JetStreamManager,
  { sandboxId, streamReplicas = STREAM_REPLICAS.default }: Pick<SandboxNats, 'sandboxId' | 'streamReplicas'>,
  declaration: DurableStreamDeclaration,
): Promise<DurableStreamNames> {
  const names = durableStreamNames(sandboxId, declaration);
  try {
    const { config, cluster } = await manager.streams.info(names.stream);
    if (streamReplicas > 1 && !cluster) throw notClustered(names.stream, streamReplicas);
    if (config.num_replicas !== streamReplicas) {
      await manager.streams.update(names.stream, { num_replicas: streamReplicas });
      await placed(manager, names, streamReplicas);
    }
  } catch (error) {
    if (isApiError(error, REPLICAS_NOT_SUPPORTED)) throw notClustered(names.stream, streamReplicas);
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await manager.streams
      .add({
        name: names.stream,
        subjects: [names.subject],
        storage: StorageType.File,
        retention: RETENTION_POLICIES[declaration.retention],
        num_replicas: streamReplicas,
        ...(declaration.maxAgeMs === undefined ? {} : { max_age: nanos(declaration.maxAgeMs) }),
      })
      .catch((addError: unknown) => {
        throw isApiError(addError, REPLICAS_NOT_SUPPORTED) ? notClustered(names.stream, streamReplicas) : addError;
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
      const { subject } = await ensureDurableStream(await jetstreamManager(connection), this.nats, this.declaration);
      return { connection, js: jetstream(connection), subject };
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
}
