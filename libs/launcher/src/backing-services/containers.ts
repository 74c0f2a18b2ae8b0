import type { RunningBackingService } from './running-backing-service';

/** Images of the same major versions docker-compose.yml runs. */
const POSTGRES_IMAGE = 'postgres:15';
const NATS_IMAGE = 'nats:2.10';

/** PostgreSQL in a container (testcontainers, loaded only when a Docker engine answers). */
export async function startPostgresContainer(): Promise<RunningBackingService> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  const url = new URL(container.getConnectionUri());
  url.pathname = '/fapi'; // the base name each service suffixes with its own (fapi_bank, ...)
  return {
    url: url.toString(),
    description: `PostgreSQL container ${POSTGRES_IMAGE} on ${container.getHost()}:${container.getPort()}`,
    stop: async () => {
      await container.stop();
    },
  };
}

/** NATS with JetStream in a container (testcontainers). */
export async function startNatsContainer(): Promise<RunningBackingService> {
  const { NatsContainer } = await import('@testcontainers/nats');
  const container = await new NatsContainer(NATS_IMAGE).withJetStream().start();
  const address = `${container.getHost()}:${container.getMappedPort(4222)}`;
  return {
    url: `nats://${address}`,
    description: `NATS container ${NATS_IMAGE} on ${address}`,
    stop: async () => {
      await container.stop();
    },
  };
}
