import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { createPrismaClient } from '@fapi/persistence';
import { Events, sandboxNatsClient } from '@fapi/nats-contract';
import { eventually, TEST_SANDBOX_ID } from '@fapi/testing';
import { PrismaClient } from '../generated/prisma';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import type { TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

// Issue 11: the AS keeps registered clients in memory (storage/registered-client-cache.ts). Another instance that
// changes a registration writes the shared table and announces it on NATS (Events.clientRegistrationChanged); this
// story plays that other instance against a real server: the row changed behind the server's back, then the announcement.
describe('a client registration changed at another instance is honoured here once that instance announces it', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_client_cache');
  let tpp: TestTpp;
  let otherInstance: { prisma: PrismaClient; nats: ClientProxy };

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'tls_client_auth', alg: 'PS256', style: 'jarm' });
    otherInstance = {
      prisma: createPrismaClient(PrismaClient, server.options.databaseUrl),
      nats: ClientProxyFactory.create(sandboxNatsClient({ natsUrl: server.natsUrl, sandboxId: TEST_SANDBOX_ID })),
    };
  });

  afterAll(async () => {
    await otherInstance?.nats.close();
    await otherInstance?.prisma.$disconnect();
    await tpp?.connection.close();
    await server.stop();
  });

  const clientCredentials = () => tpp.token({ grant_type: 'client_credentials', scope: 'accounts' });

  it('a client whose client_credentials grant is withdrawn is refused that grant once the change is announced', async () => {
    expect((await clientCredentials()).status).toBe(200);

    const row = await otherInstance.prisma.oidcModel.findUniqueOrThrow({ where: { kind_id: { kind: 'Client', id: tpp.clientId } } });
    const payload = row.payload as { grant_types: string[] };
    const withdrawn = { ...payload, grant_types: payload.grant_types.filter((grant) => grant !== 'client_credentials') };
    await otherInstance.prisma.oidcModel.update({ where: { kind_id: { kind: 'Client', id: tpp.clientId } }, data: { payload: withdrawn } });
    // not announced yet: this instance still serves the registration it read (for at most the cache's maxAgeMs)
    expect((await clientCredentials()).status).toBe(200);

    await firstValueFrom(otherInstance.nats.emit(Events.clientRegistrationChanged, { clientId: tpp.clientId }), { defaultValue: undefined });
    const refused = await eventually(async () => {
      const answer = await clientCredentials();
      return answer.status === 200 ? undefined : answer;
    }, 'the token endpoint to refuse the withdrawn grant');
    expect({ status: refused.status, error: refused.json.error, description: refused.json.error_description }).toEqual({
      status: 400,
      error: 'invalid_request',
      description: 'requested grant type is not allowed for this client',
    });
  });
});
