import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { NATS_CLIENT, NatsContractClient } from './nats-contract.client';

/** Gives a service a NatsContractClient connected to the sandbox's NATS server. */
@Module({})
export class NatsContractModule {
  static forRoot(natsUrl: string): DynamicModule {
    return {
      module: NatsContractModule,
      global: true,
      imports: [ClientsModule.register([{ name: NATS_CLIENT, transport: Transport.NATS, options: { servers: [natsUrl] } }])],
      providers: [NatsContractClient],
      exports: [NatsContractClient],
    };
  }
}
