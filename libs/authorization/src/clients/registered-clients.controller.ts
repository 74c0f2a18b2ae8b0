import { Controller, Inject } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { Provider } from 'oidc-provider';
import { type ClientKeys, Events, EVERY_INSTANCE, ok, refuse, Requests, type RpcReply } from '@fapi/nats-contract';
import { RegisteredClientCache } from '../storage/registered-client-cache';
import { OIDC_PROVIDER } from '../tokens';

/**
 * Forgets a cached client whose registration changed at any instance (this one included). Answers, over NATS, what the
 * bank needs to know about a registered client (TPP): its public JWKS as registered (oidc-provider refuses private and
 * symmetric keys at registration) and its name, so the bank can verify the TPP's message signatures (x-jws-signature).
 * A client registered without keys by value answers an empty key set.
 */
@Controller()
export class RegisteredClientsController {
  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    private readonly clients: RegisteredClientCache,
  ) {}

  @EventPattern(Events.clientRegistrationChanged, EVERY_INSTANCE)
  registrationChanged(@Payload() payload: unknown): void {
    const clientId = (payload as { clientId?: unknown } | null)?.clientId;
    if (typeof clientId === 'string') this.clients.forget(clientId);
  }

  @MessagePattern(Requests.getClientKeys)
  async keys(@Payload() payload: unknown): Promise<RpcReply<ClientKeys>> {
    const clientId = (payload as { clientId?: unknown } | null)?.clientId;
    if (typeof clientId !== 'string' || clientId.length === 0) return refuse('INVALID', 'clientId must be a non-empty string');
    const client = await this.provider.Client.find(clientId);
    if (!client) return refuse('NOT_FOUND', `no registered client ${clientId}`);
    return ok({ clientId: client.clientId, clientName: client.clientName, jwks: { keys: [...(client.jwks?.keys ?? [])] } });
  }
}
