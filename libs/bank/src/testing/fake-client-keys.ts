import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { JWK } from 'jose';
import { type GetClientKeys, ok, refuse, Requests } from '@fapi/nats-contract';
import { type RunningNatsFake, startNatsFake } from '@fapi/testing';

/** The authorization server's registry of client keys as the bank meets it: each client's registered public JWKS. */
export type FakeClientKeys = Map<string, JWK[]>;

const CLIENT_KEYS = Symbol('CLIENT_KEYS');

/** Answers Requests.getClientKeys the way the authorization server does, from the in-memory registry. */
@Controller()
class FakeClientKeysController {
  constructor(@Inject(CLIENT_KEYS) private readonly clientKeys: FakeClientKeys) {}

  @MessagePattern(Requests.getClientKeys)
  keys(@Payload() { clientId }: GetClientKeys) {
    const keys = this.clientKeys.get(clientId);
    return keys ? ok({ clientId, jwks: { keys } }) : refuse('NOT_FOUND', `no client ${clientId}`);
  }
}

/** Starts the fake registry on a real NATS connection. */
export function startFakeClientKeys(natsUrl: string): Promise<RunningNatsFake<FakeClientKeys>> {
  return startNatsFake(natsUrl, FakeClientKeysController, CLIENT_KEYS, new Map<string, JWK[]>());
}
