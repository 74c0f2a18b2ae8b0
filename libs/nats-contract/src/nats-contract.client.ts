import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type ClientProxy, type NatsRecord, NatsRecordBuilder } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { Histogram } from 'prom-client';
import { filter, firstValueFrom, map, type Observable, race, type Subscription, take, timeout, TimeoutError } from 'rxjs';
import type { EventOf, EventSubject, ReplyOf, RequestOf, RequestSubject } from './contract';
import { interactionHeaders, outsideInteraction } from './interaction';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/** How long a caller waits for a reply before the request counts as failed (the server is down or overloaded). */
const REPLY_TIMEOUT_MS = 5000;

/**
 * Outcome: `ok` answered (whatever the answer), `unavailable` NATS or the answering service away (NatsUnavailable),
 * `error` any other failure. In prom-client's default registry, which every service's `/metrics` serves.
 */
const requestDuration = new Histogram({
  name: 'fapi_nats_request_duration_seconds',
  help: 'Time from sending a NATS request to its reply or failure, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/**
 * The payload with the current interaction's id in the message headers (Nest's NATS record), so that the service
 * answering it works, and logs, as part of the same interaction.
 */
function withInteractionHeader<T>(payload: T): NatsRecord<T> | T {
  const messageHeaders = interactionHeaders();
  return messageHeaders ? (new NatsRecordBuilder(payload).setHeaders(messageHeaders).build() as NatsRecord<T>) : payload;
}

/**
 * NATS is away (the connection is lost and being re-established), no service answers the subject (NATS's "no
 * responders", e.g. after NATS returns, until the service has subscribed again), or the service took the request and
 * did not answer in time (it is stuck or overloaded): the request was not answered, try again later.
 */
export class NatsUnavailable extends Error {
  override readonly name = 'NatsUnavailable';
  constructor(
    readonly subject: string,
    override readonly cause: unknown,
  ) {
    super(`no answer to ${subject} over NATS: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * A NATS client that only speaks the contract: subjects and payloads are checked against RequestTypes/EventTypes.
 * Messages carry the current interaction's id in their headers; the connection, opened on first use, is opened
 * outside that interaction (its status lines would otherwise name the first caller's id for good).
 */
@Injectable()
export class NatsContractClient implements OnApplicationShutdown {
  private connected = false;
  private readonly statusWatch: Subscription;

  constructor(@Inject(NATS_CLIENT) private readonly proxy: ClientProxy) {
    this.statusWatch = proxy.status.subscribe((status) => (this.connected = status === 'connected'));
  }

  /** Whether the connection to NATS is up now (what a readiness check reports). */
  isConnected(): boolean {
    return this.connected;
  }

  /**
   * Throws NatsUnavailable when it failed because NATS is away (so callers answer 503, not 500). `timeoutMs` shortens
   * the wait for a caller that must answer its own client soon whatever the reply (default REPLY_TIMEOUT_MS).
   */
  async request<S extends RequestSubject>(subject: S, payload: RequestOf<S>, { timeoutMs = REPLY_TIMEOUT_MS } = {}): Promise<ReplyOf<S>> {
    const stopTimer = requestDuration.startTimer({ subject });
    try {
      const reply = this.proxy.send<ReplyOf<S>>(subject, withInteractionHeader(payload));
      // A reply cannot come over a connection that was lost while waiting: fail then, not at the reply timeout.
      const answered = this.connected ? race(reply, this.connectionLost()) : reply;
      const value = await outsideInteraction(() => firstValueFrom(answered.pipe(timeout(timeoutMs))));
      stopTimer({ outcome: 'ok' });
      return value;
    } catch (error) {
      const unanswered = !this.connected || error instanceof EmptyResponseException || error instanceof TimeoutError;
      const failure = unanswered ? new NatsUnavailable(subject, error) : error;
      stopTimer({ outcome: failure instanceof NatsUnavailable ? 'unavailable' : 'error' });
      throw failure;
    }
  }

  /** Errors as soon as the connection leaves `connected` (the status stream replays its latest value first). */
  private connectionLost(): Observable<never> {
    return this.proxy.status.pipe(
      filter((status) => status !== 'connected'),
      take(1),
      map((status) => {
        throw new Error(`the connection to NATS was lost (${String(status)}) while waiting for the reply`);
      }),
    );
  }

  async emit<S extends EventSubject>(subject: S, payload: EventOf<S>): Promise<void> {
    try {
      const message = withInteractionHeader(payload);
      await outsideInteraction(() => firstValueFrom(this.proxy.emit<void>(subject, message), { defaultValue: undefined }));
    } catch (error) {
      throw this.connected ? error : new NatsUnavailable(subject, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.statusWatch.unsubscribe();
    await this.proxy.close();
  }
}
