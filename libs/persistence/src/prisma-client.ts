import { PrismaPg } from '@prisma/adapter-pg';
import { reportLostConnections } from './lost-connections';

/** The shape every generated Prisma client constructor shares, so one factory serves each service's schema. */
type PrismaClientClass<T> = new (options: { adapter: PrismaPg }) => T;

/**
 * A Prisma client for a generated schema, talking to PostgreSQL through node-postgres (no native engine). A lost
 * connection (idle in the pool, or held by a transaction) is reported, never thrown: the query it ran fails, the next
 * one gets a new connection.
 */
export function createPrismaClient<T>(Client: PrismaClientClass<T>, connectionString: string): T {
  const report = reportLostConnections('Database');
  return new Client({ adapter: new PrismaPg({ connectionString }, { onPoolError: report, onConnectionError: report }) });
}
