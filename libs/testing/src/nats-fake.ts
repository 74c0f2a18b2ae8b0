import { type DynamicModule, type INestMicroservice, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { natsConnectionOptions } from '@fapi/nats-contract';

@Module({})
class NatsFakeModule {}

/** A fake collaborator answering on NATS, and how to stop it. */
export interface RunningNatsFake<State> {
  state: State;
  stop(): Promise<void>;
}

/**
 * Runs a stand-in for another service on a real NATS connection: `controller` answers the contract's subjects from
 * `state`, which it is given as `stateToken`.
 */
export async function startNatsFake<State>(natsUrl: string, controller: Type<unknown>, stateToken: symbol, state: State): Promise<RunningNatsFake<State>> {
  const module: DynamicModule = { module: NatsFakeModule, controllers: [controller], providers: [{ provide: stateToken, useValue: state }] };
  const app: INestMicroservice = await NestFactory.createMicroservice(module, {
    transport: Transport.NATS,
    // reconnecting like the services do, so that a fake outlives a NATS outage a test stages
    options: natsConnectionOptions(natsUrl),
    logger: ['error', 'warn'],
  });
  await app.listen();
  return { state, stop: () => app.close() };
}
