import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { createPrismaClient, reportLostConnections } from '@fapi/persistence';
import { PrismaClient } from '../generated/prisma';
import { CONSENT_MODULE_OPTIONS, type ResolvedConsentModuleOptions } from './consent-module-options';

/**
 * The consent service's PostgreSQL database, shared by every store: a node-postgres pool for the consents (ConsentStore:
 * through Prisma its statements cost several times the CPU, issue 11, bench/README.md), and the Prisma client the
 * readiness check asks.
 */
@Injectable()
export class ConsentDatabase implements OnApplicationShutdown {
  readonly prisma: PrismaClient;
  readonly pool: pg.Pool;

  constructor(@Inject(CONSENT_MODULE_OPTIONS) options: ResolvedConsentModuleOptions) {
    this.prisma = createPrismaClient(PrismaClient, options.databaseUrl);
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8 });
    this.pool.on('error', reportLostConnections('ConsentDatabase'));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.prisma.$disconnect(), this.pool.end()]);
  }
}
