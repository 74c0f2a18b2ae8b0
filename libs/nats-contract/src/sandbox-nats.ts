/**
 * Every sandbox speaks in its own namespace on a NATS server it may share (with another sandbox, or with the tests of a
 * developer running one): each subject it publishes or subscribes to is `<sandboxId>.<contract subject>`, each JetStream
 * stream and consumer is `<sandboxId>_<name>`. So two sandboxes on one server never answer each other's requests, hear
 * each other's events or take each other's queued work. The contract's subjects stay unprefixed: the transports below
 * apply the namespace, and no handler or caller spells it.
 */
import { randomUUID } from 'node:crypto';
import { type CustomClientOptions, type CustomStrategy, ClientNats, type NatsOptions, type ReadPacket, ServerNats, type WritePacket } from '@nestjs/microservices';
import { createInbox, type Msg, type NatsConnection, type Subscription, type SubscriptionOptions } from '@nats-io/transport-node';

/** How long a lost NATS connection waits between reconnect attempts: this plus up to RECONNECT_JITTER_MS. */
const RECONNECT_WAIT_MS = 1_000;
const RECONNECT_JITTER_MS = 1_000;

/**
 * The options of every NATS connection a sandbox service makes (clients, microservice servers, JetStream): it
 * reconnects for as long as NATS is away, each attempt after a jittered wait so that every service does not come
 * back at once. The client's default gives up after 10 attempts (~20 s) and then stays closed until a restart.
 * `noAsyncTraces`: the client otherwise captures two stack traces at every request (and JetStream publish), kept only
 * to show the caller's stack should it time out; that was 3 % of the bank's CPU per payment (issue 11). A timeout still
 * fails the request with its subject; our callers name what they asked for.
 */
export function natsConnectionOptions(natsUrl: string) {
  return {
    servers: [natsUrl],
    maxReconnectAttempts: -1,
    reconnectTimeWait: RECONNECT_WAIT_MS,
    reconnectJitter: RECONNECT_JITTER_MS,
    noAsyncTraces: true,
  };
}

/**
 * What a sandbox id may be: one NATS subject token (no `.`, `*`, `>` or whitespace) that is also safe in a JetStream
 * stream or consumer name (no `.`, `*`, `>`, `/`, `\` or whitespace), and cannot contain the `_` joining it to a name.
 */
export const SANDBOX_ID_PATTERN = /^[a-z0-9-]{1,32}$/;

/** The sandbox id of a sandbox whose SANDBOX_ID is not set. */
export const DEFAULT_SANDBOX_ID = 'sandbox';

/** Where a sandbox's NATS server is, and the sandbox whose namespace a connection speaks in. */
export interface SandboxNats {
  natsUrl: string;
  sandboxId: string;
  /** How many JetStream nodes keep each of the sandbox's streams (NATS_STREAM_REPLICAS; default 1: one NATS server). */
  streamReplicas?: number;
}

/** A subject in the sandbox's namespace: `<sandboxId>.<subject>`. */
export const namespacedSubject = (sandboxId: string, subject: string): string => `${sandboxId}.${subject}`;

/** A JetStream stream or consumer name in the sandbox's namespace (NATS forbids `.` in those): `<sandboxId>_<name>`. */
export const namespacedName = (sandboxId: string, name: string): string => `${sandboxId}_${name}`;

/** Nest's NATS options plus the sandbox whose namespace the connection speaks in. */
export type SandboxNatsTransportOptions = NonNullable<NatsOptions['options']> & { sandboxId: string };

/** How a reply to one request is handled: Nest's handler of a reply packet (createSubscriptionHandler). */
type ReplyHandler = (error: Error | null, message: Msg) => void;

/** The one subscription a connection's replies arrive on (`<inbox>.*`), and each waiting request's handler by its id. */
interface ReplyInbox {
  connection: NatsConnection;
  prefix: string;
  waiting: Map<string, ReplyHandler>;
}

/**
 * Nest's NATS client sending every request and event under the sandbox's namespace, its replies arriving on one
 * subscription per connection, as nats.js's own `request` has them. Nest subscribes a new inbox for every request and
 * unsubscribes it after the reply: a SUB and an UNSUB beside each PUB, each a change to the server's subscription index,
 * which cost the NATS server and the caller alike (issue 11, bench/README.md).
 */
export class SandboxNatsClient extends ClientNats {
  private readonly sandboxId: string;
  private replies?: ReplyInbox;

  constructor({ sandboxId, ...options }: SandboxNatsTransportOptions) {
    super(options);
    this.sandboxId = sandboxId;
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['normalizePattern']>[0]): string {
    return namespacedSubject(this.sandboxId, super.normalizePattern(pattern));
  }

  /** Nest's `publish` with the reply subject `<inbox>.<packet id>` of the connection's one reply subscription. */
  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const packet = this.assignPacketId(partialPacket);
    let replies: ReplyInbox | undefined;
    const stopWaiting = () => {
      this.routingMap.delete(packet.id);
      replies?.waiting.delete(packet.id);
    };
    try {
      replies = this.replyInbox();
      const serialized = this.serializer.serialize(packet) as { data: Uint8Array; headers?: unknown };
      this.routingMap.set(packet.id, callback);
      replies.waiting.set(packet.id, this.createSubscriptionHandler(packet, callback) as ReplyHandler);
      const headers = this.mergeHeaders(serialized.headers);
      replies.connection.publish(this.normalizePattern(partialPacket.pattern), serialized.data, { reply: `${replies.prefix}.${packet.id}`, headers });
      return stopWaiting;
    } catch (error) {
      stopWaiting();
      callback({ err: error });
      return () => undefined;
    }
  }

  /** The current connection's reply subscription, subscribed on first use (a new connection after close() gets its own). */
  private replyInbox(): ReplyInbox {
    const connection = this.unwrap<NatsConnection>();
    if (this.replies?.connection === connection) return this.replies;
    const replies: ReplyInbox = { connection, prefix: createInbox(this.options.inboxPrefix), waiting: new Map() };
    connection.subscribe(`${replies.prefix}.*`, {
      callback: (error, message) => {
        if (error) {
          // the subscription itself failed (e.g. a permission): no reply comes on it, so every waiting request fails
          // and the next one subscribes again
          if (this.replies === replies) this.replies = undefined;
          for (const handler of replies.waiting.values()) handler(error, message);
          return;
        }
        replies.waiting.get(message.subject.slice(replies.prefix.length + 1))?.(null, message);
      },
    });
    this.replies = replies;
    return replies;
  }
}

/**
 * Nest's NATS server (a custom transport strategy) subscribing every handler under the sandbox's namespace; handlers see
 * the contract's subject (NatsContext.getSubject()), since some route by it.
 */
export class SandboxNatsServer extends ServerNats {
  private readonly sandboxId: string;

  constructor({ sandboxId, ...options }: SandboxNatsTransportOptions) {
    super(options);
    this.sandboxId = sandboxId;
  }

  /** Nest subscribes each handler's pattern through `client.subscribe` only: that one call is namespaced. */
  override bindEvents(client: NatsConnection): void {
    const namespaced: Pick<NatsConnection, 'subscribe'> = {
      subscribe: (subject: string, options?: SubscriptionOptions): Subscription =>
        client.subscribe(namespacedSubject(this.sandboxId, subject), options),
    };
    super.bindEvents(namespaced);
  }

  /** Nest builds NatsContext from `message.subject`: it gets the message as it is, but with the contract's subject. */
  override handleMessage(channel: string, message: Msg): Promise<unknown> {
    const contractSubject = message.subject.slice(namespacedSubject(this.sandboxId, '').length);
    return super.handleMessage(channel, Object.create(message, { subject: { value: contractSubject } }) as Msg);
  }

  /**
   * The handler's route of a message, from the subject it was subscribed with. Nest first parses the subject as JSON,
   * for patterns that are objects, and a plain subject makes that throw: a SyntaxError, stack trace and all, per
   * message, ~2 % of consent-service's CPU per AIS journey (issue 11). The contract's subjects are plain strings.
   */
  protected override getRouteFromPattern(pattern: string): string {
    return this.normalizePattern(pattern);
  }
}

/** The options of a sandbox service's NATS client (ClientsModule, ClientProxyFactory): reconnecting, namespaced. */
export function sandboxNatsClient({ natsUrl, sandboxId }: SandboxNats): CustomClientOptions {
  // Nest types customClass as a ClientProxy of any status, which its own NATS client (of NatsStatus) does not satisfy
  const customClass = SandboxNatsClient as unknown as CustomClientOptions['customClass'];
  return { customClass, options: { ...natsConnectionOptions(natsUrl), sandboxId } };
}

/**
 * The microservice options of a sandbox service's NATS handlers (connectMicroservice, createMicroservice). Every handler
 * subscribes in the queue group named after its service (`service`), so that of N instances of one service exactly one
 * handles each request or event (NATS delivers a message once per queue group): two consent-service instances must not
 * both create, or both authorise, one consent. A notification every instance must hear is subscribed with
 * EVERY_INSTANCE instead.
 */
export function sandboxNatsServer({ natsUrl, sandboxId }: SandboxNats, service: string): CustomStrategy {
  return { strategy: new SandboxNatsServer({ ...natsConnectionOptions(natsUrl), sandboxId, queue: service }) };
}

/**
 * The extras of a handler of a notification every instance of a service must hear (`@EventPattern(subject,
 * EVERY_INSTANCE)`), such as one telling each instance to forget what it caches: a queue group of this process alone,
 * so each instance gets its own copy (NATS delivers a message once per queue group) where the service's shared group
 * (sandboxNatsServer) would hand it to one of them.
 */
export const EVERY_INSTANCE = { queue: `every-instance-${randomUUID()}` } as const;
