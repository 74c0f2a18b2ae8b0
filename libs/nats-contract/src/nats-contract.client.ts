import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { filter, firstValueFrom, map, type Observable, race, type Subscription, take, timeout } from 'rxjs';
import type { EventOf, EventSubject, ReplyOf, RequestOf, RequestSubject } from './contract';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/** How long a caller waits for a reply before the request counts as failed (the server is down or overloaded). */
const REPLY_TIMEOUT_MS = 5000;

/**
 * NATS is away (the connection is lost and being re-established), or no service answers the subject (NATS's "no
 * responders", e.g. after NATS returns, until the service has subscribed again): the request was not answered, try
 * again later.
 */
export class NatsUnavailable extends Error {
  override readonly name = 'NatsUnavailable';
  constructor(
    readonly subject: string,
    override readonly cause: unknown,
  ) {
    super(`NATS is unavailable (asking ${subject}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** A NATS client that only speaks the contract: subjects and payloads are checked against RequestTypes/EventTypes. */
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

  /** Throws NatsUnavailable when it failed because NATS is away (so callers answer 503, not 500). */
  async request<S extends RequestSubject>(subject: S, payload: RequestOf<S>): Promise<ReplyOf<S>> {
    try {
      const reply = this.proxy.send<ReplyOf<S>, RequestOf<S>>(subject, payload);
      // A reply cannot come over a connection that was lost while waiting: fail then, not at the reply timeout.
      const answered = this.connected ? race(reply, this.connectionLost()) : reply;
      return await firstValueFrom(answered.pipe(timeout(REPLY_TIMEOUT_MS)));
    } catch (error) {
      throw this.connected && !(error instanceof EmptyResponseException) ? error : new NatsUnavailable(subject, error);
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
      await firstValueFrom(this.proxy.emit<void, EventOf<S>>(subject, payload), { defaultValue: undefined });
    } catch (error) {
      throw this.connected ? error : new NatsUnavailable(subject, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.statusWatch.unsubscribe();
    await this.proxy.close();
  }
}
