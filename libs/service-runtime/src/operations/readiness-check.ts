import type { InjectionToken } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { NATS_CLIENT, NatsContractClient, outsideInteraction } from '@fapi/nats-contract';

/** Finds a provider anywhere in the service's application (Nest's ModuleRef, not strict). */
export type ProviderLookup = <T>(token: InjectionToken<T>) => T;

/**
 * One thing a service needs before it can serve (its database, NATS, a JetStream stream), declared in the service's
 * definition: `/health/ready` answers 503 naming every check whose probe throws (or outlasts its timeout), and 200
 * again as soon as all pass. Liveness (`/health/live`) never probes anything: a dependency being down is no reason to
 * restart the process, which reconnects by itself.
 */
export interface ReadinessCheck {
  /** The key naming the check in Terminus' body ("database", "nats", ...). */
  name: string;
  /** Resolves when the dependency answers; throws (the reason is reported) when it does not. */
  probe(get: ProviderLookup): Promise<unknown> | void;
}

/** What a readiness check needs of a database client: a Prisma client (every lib's generated one) or a node-postgres pool. */
type SqlClient = { $queryRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<unknown> } | { query(text: string): PromiseLike<unknown> };

/** The service's PostgreSQL database answers `SELECT 1` through the client its stores use (its own pool). */
export function databaseCheck<Owner>(owner: InjectionToken<Owner>, clientOf: (owner: Owner) => SqlClient): ReadinessCheck {
  return {
    name: 'database',
    probe: async (get) => {
      const client = clientOf(get(owner));
      await ('$queryRaw' in client ? client.$queryRaw`SELECT 1` : client.query('SELECT 1'));
    },
  };
}

/**
 * The service's connection to NATS is up. The client connects on its first request, so the probe connects it first
 * (at once when it already is); after an outage it is re-established by itself.
 */
export const natsCheck: ReadinessCheck = {
  name: 'nats',
  probe: async (get) => {
    await outsideInteraction(() => get<ClientProxy>(NATS_CLIENT).connect()); // the connection is no probe's
    if (!get(NatsContractClient).isConnected()) throw new Error('not connected to NATS');
  },
};
