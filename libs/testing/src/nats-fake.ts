import { type DynamicModule, type INestMicroservice, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { sandboxNatsServer } from '@fapi/nats-contract';

/**
 * The sandbox id of the tests' worlds: their services (SANDBOX_ID), fakes and callers speak in its namespace. It is not
 * the default one, so a service that left the namespace out would not reach the tests' fakes, and a test would fail.
 */
export const TEST_SANDBOX_ID = 'tests';

@Module({})
class NatsFakeModule {}

/** A fake collaborator answering on NATS, and how to stop it. */
export interface RunningNatsFake<State> {
  state: State;
  stop(): Promise<void>;
}

/**
 * Runs a stand-in for another service on a real NATS connection, in the namespace of `sandboxId`: `controller` answers
 * the contract's subjects from `state`, which it is given as `stateToken`.
 */
export async function startNatsFake<State>(
  natsUrl: string,
  controller: Type<unknown>,
  stateToken: symbol,
  state: State,
  sandboxId = TEST_SANDBOX_ID,
): Promise<RunningNatsFake<State>> {
  const module: DynamicModule = { module: NatsFakeModule, controllers: [controller], providers: [{ provide: stateToken, useValue: state }] };
  // reconnecting like the services do, so that a fake outlives a NATS outage a test stages
  const app: INestMicroservice = await NestFactory.createMicroservice(module, {
    ...sandboxNatsServer({ natsUrl, sandboxId }, controller.name),
    logger: ['error', 'warn'],
  });
  await app.listen();
  return { state, stop: () => app.close() };
}
