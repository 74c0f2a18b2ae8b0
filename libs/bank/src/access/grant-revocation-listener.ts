import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type ConsumerMessages, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  type DurableStreamNames,
  ensureDurableStream,
  INTERACTION_ID_HEADER,
  interactionIdFrom,
  natsConnectionOptions,
  runInInteraction,
  type SandboxNats,
  Streams,
} from '@fapi/nats-contract';
import { grantRevocationOf, type RevokedGrants } from './revoked-grants';

export interface GrantRevocationListenerOptions {
  /** How long a delivered, unacknowledged revocation waits before it is delivered again (default: the declaration's). */
  ackWaitMs?: number;
  /** How long a revocation the database failed to record waits before it is delivered again; default 1 s. */
  retryDelayMs?: number;
  /** How long the bank's start waits at most for the revocations it missed to be recorded; default 5 s. */
  catchUpTimeoutMs?: number;
}

/** How often the start looks whether the revocations it missed are recorded yet. */
const CATCH_UP_POLL_MS = 50;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The grant revocations the authorization server published on Streams.grantRevocations, recorded in RevokedGrants:
 * those the bank missed while it was down or restarting too (the AS's acknowledged request, Requests.revokeGrant, finds
 * no bank then). Every bank instance shares one durable consumer, since RevokedGrants is in the database every
 * instance reads. A revocation is acknowledged only once recorded (recording it again keeps the first record); one the
 * database failed to record comes back until recorded, or until the stream drops it, when no token it revokes is left.
 * The bank starts serving only once the revocations it missed are recorded (bounded wait: a revocation still
 * unrecorded then is recorded moments later), so a token revoked while it was down is refused from its first answer.
 * The consumer rides out NATS outages on its connection's endless reconnects, as the settlement worker does.
 */
export class GrantRevocationListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('GrantRevocations');
  private messages?: ConsumerMessages;
  private running?: Promise<void>;

  private constructor(
    private readonly connection: NatsConnection,
    readonly names: DurableStreamNames,
    private readonly grants: RevokedGrants,
    private readonly options: Required<Omit<GrantRevocationListenerOptions, 'ackWaitMs'>>,
  ) {}

  /** The listener of the sandbox `sandboxId` (stream and consumer created when missing); it records once started. */
  static async connect(nats: SandboxNats, grants: RevokedGrants, options: GrantRevocationListenerOptions = {}): Promise<GrantRevocationListener> {
    const declaration = { ...Streams.grantRevocations, ackWaitMs: options.ackWaitMs ?? Streams.grantRevocations.ackWaitMs };
    const connection = await connect({ ...natsConnectionOptions(nats.natsUrl), name: `${nats.sandboxId}-bank-grant-revocations` });
    try {
      const names = await ensureDurableStream(await jetstreamManager(connection), nats, declaration);
      return new GrantRevocationListener(connection, names, grants, {
        retryDelayMs: options.retryDelayMs ?? 1_000,
        catchUpTimeoutMs: options.catchUpTimeoutMs ?? 5_000,
      });
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** Starts recording, and returns once the revocations published before are recorded (or the bounded wait is over). */
  async onApplicationBootstrap(): Promise<void> {
    const consumer = await jetstream(this.connection).consumers.get(this.names.stream, this.names.consumer);
    this.messages = await consumer.consume({ max_messages: 8 });
    this.running = this.recordEach(this.messages);
    await this.caughtUp();
  }

  /** Stops taking revocations, waits for the one being recorded, then closes the connection. */
  async beforeApplicationShutdown(): Promise<void> {
    this.messages?.stop();
    await this.running;
    if (!this.connection.isClosed()) await this.connection.drain();
  }

  /** Every revocation handled: none waiting, none delivered and unacknowledged (here or at another instance). */
  private async caughtUp(): Promise<void> {
    const deadline = Date.now() + this.options.catchUpTimeoutMs;
    try {
      const manager = await jetstreamManager(this.connection);
      while (Date.now() < deadline) {
        const { num_pending, num_ack_pending } = await manager.consumers.info(this.names.stream, this.names.consumer);
        if (num_pending === 0 && num_ack_pending === 0) return;
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      }
      this.log.warn(`serving before every missed grant revocation is recorded: some still pending after ${this.options.catchUpTimeoutMs} ms`);
    } catch (error) {
      this.log.warn(`serving without knowing whether every missed grant revocation is recorded: ${errorText(error)}`);
    }
  }

  private async recordEach(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      await runInInteraction({ interactionId: interactionIdFrom(message.headers?.get(INTERACTION_ID_HEADER)) }, () => this.record(message));
    }
  }

  private async record(message: JsMsg): Promise<void> {
    const revocation = grantRevocationOf(jsonOf(message));
    if (!revocation) {
      this.log.error(`dropped a grant revocation without a usable grantId (stream sequence ${message.seq})`);
      return message.term();
    }
    try {
      await this.grants.revoke(revocation.grantId, revocation.revokedAt);
    } catch (error) {
      this.log.error(`recording the revocation of grant ${revocation.grantId} failed, will retry: ${errorText(error)}`);
      return message.nak(this.options.retryDelayMs);
    }
    try {
      await message.ackAck();
    } catch (error) {
      // recorded; the message comes back and recording it again keeps the first record
      this.log.warn(`acknowledging the revocation of grant ${revocation.grantId} failed: ${errorText(error)}`);
    }
  }
}

function jsonOf(message: JsMsg): unknown {
  try {
    return message.json<unknown>();
  } catch {
    return undefined;
  }
}
