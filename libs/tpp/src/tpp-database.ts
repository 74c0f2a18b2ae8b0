import type { OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient } from '@fapi/persistence';
import { PrismaClient } from '../generated/prisma';

/** The fintech's PostgreSQL database (sessions, journeys): one client (one connection pool) shared by both stores. */
export class TppDatabase implements OnApplicationShutdown {
  readonly prisma: PrismaClient;

  constructor(databaseUrl: string) {
    this.prisma = createPrismaClient(PrismaClient, databaseUrl);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
