import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { NATS_CLIENT, NatsContractClient } from './nats-contract.client';
import { type SandboxNats, sandboxNatsClient } from './sandbox-nats';

/** Gives a service a NatsContractClient connected to the sandbox's NATS server, speaking in the sandbox's namespace. */
@Module({})
export class NatsContractModule {
  static forRoot(nats: SandboxNats): DynamicModule {
    return {
      module: NatsContractModule,
      global: true,
      imports: [ClientsModule.register([{ name: NATS_CLIENT, ...sandboxNatsClient(nats) }])],
      providers: [NatsContractClient],
      exports: [NatsContractClient],
    };
  }
}
