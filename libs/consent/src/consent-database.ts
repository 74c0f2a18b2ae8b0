import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient } from '@fapi/persistence';
import { PrismaClient } from '../generated/prisma';
import { CONSENT_MODULE_OPTIONS, type ResolvedConsentModuleOptions } from './consent-module-options';

/** The consent service's PostgreSQL database: one client (one connection pool) shared by every store. */
@Injectable()
export class ConsentDatabase implements OnApplicationShutdown {
  readonly prisma: PrismaClient;

  constructor(@Inject(CONSENT_MODULE_OPTIONS) options: ResolvedConsentModuleOptions) {
    this.prisma = createPrismaClient(PrismaClient, options.databaseUrl);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
