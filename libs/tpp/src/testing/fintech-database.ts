import { dropDatabase, freshDatabase, Teardown } from '@fapi/testing';
import type { PrismaClient } from '../../generated/prisma';
import { TppDatabase } from '../tpp-database';

export interface FintechDatabase {
  /** Its connection string (for an app under test, which opens its own pool). */
  readonly url: string;
  /** The client of fintech instance #`instance` (a pool of its own, opened on first use): two stand for two instances. */
  client(instance?: 1 | 2): PrismaClient;
}

/**
 * A fresh migrated fintech database for the test file that calls this at its top: made before its tests, dropped (with
 * every client opened on it disconnected) after them.
 */
export function useFintechDatabase(baseName: string): FintechDatabase {
  const teardown = new Teardown();
  const clients = new Map<number, PrismaClient>();
  let url: string | undefined;
  beforeAll(async () => {
    url = teardown.add(await freshDatabase('tpp', baseName), dropDatabase);
  }, 60_000);
  afterAll(() => teardown.run());
  const opened = () => {
    if (!url) throw new Error('the fintech database is made in beforeAll: use it inside a test');
    return url;
  };
  return {
    get url() {
      return opened();
    },
    client(instance = 1) {
      const existing = clients.get(instance);
      if (existing) return existing;
      const { prisma } = teardown.add(new TppDatabase(opened()), (database) => database.onApplicationShutdown());
      clients.set(instance, prisma);
      return prisma;
    },
  };
}
