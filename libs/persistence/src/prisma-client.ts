import { PrismaPg } from '@prisma/adapter-pg';

/** The shape every generated Prisma client constructor shares, so one factory serves each service's schema. */
type PrismaClientClass<T> = new (options: { adapter: PrismaPg }) => T;

/** A Prisma client for a generated schema, talking to PostgreSQL through node-postgres (no native engine). */
export function createPrismaClient<T>(Client: PrismaClientClass<T>, connectionString: string): T {
  return new Client({ adapter: new PrismaPg({ connectionString }) });
}
