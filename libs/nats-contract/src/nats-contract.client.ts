import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import type { EventOf, EventSubject, ReplyOf, RequestOf, RequestSubject } from './contract';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/** How long a caller waits for a reply before the request counts as failed (the server is down or overloaded). */
const REPLY_TIMEOUT_MS = 5000;

/** A NATS client that only speaks the contract: subjects and payloads are checked against RequestTypes/EventTypes. */
@Injectable()
export class NatsContractClient implements OnApplicationShutdown {
  constructor(@Inject(NATS_CLIENT) private readonly proxy: ClientProxy) {}

  request<S extends RequestSubject>(subject: S, payload: RequestOf<S>): Promise<ReplyOf<S>> {
    return firstValueFrom(this.proxy.send<ReplyOf<S>, RequestOf<S>>(subject, payload).pipe(timeout(REPLY_TIMEOUT_MS)));
  }

  async emit<S extends EventSubject>(subject: S, payload: EventOf<S>): Promise<void> {
    await firstValueFrom(this.proxy.emit<void, EventOf<S>>(subject, payload), { defaultValue: undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}
