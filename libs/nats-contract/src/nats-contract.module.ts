import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { NATS_CLIENT, NatsContractClient } from './nats-contract.client';

/** How long a lost NATS connection waits between reconnect attempts: this plus up to RECONNECT_JITTER_MS. */
const RECONNECT_WAIT_MS = 1_000;
const RECONNECT_JITTER_MS = 1_000;

/**
 * The options of every NATS connection a sandbox service makes (clients, microservice servers, JetStream): it
 * reconnects for as long as NATS is away, each attempt after a jittered wait so that every service does not come
 * back at once. The client's default gives up after 10 attempts (~20 s) and then stays closed until a restart.
 */
export function natsConnectionOptions(natsUrl: string) {
  return { servers: [natsUrl], maxReconnectAttempts: -1, reconnectTimeWait: RECONNECT_WAIT_MS, reconnectJitter: RECONNECT_JITTER_MS };
}

/** Gives a service a NatsContractClient connected to the sandbox's NATS server. */
@Module({})
export class NatsContractModule {
  static forRoot(natsUrl: string): DynamicModule {
    return {
      module: NatsContractModule,
      global: true,
      imports: [ClientsModule.register([{ name: NATS_CLIENT, transport: Transport.NATS, options: natsConnectionOptions(natsUrl) }])],
      providers: [NatsContractClient],
      exports: [NatsContractClient],
    };
  }
}
