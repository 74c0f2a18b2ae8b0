import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { reportLostConnections } from '@fapi/persistence';
import { CONSENT_MODULE_OPTIONS, type ResolvedConsentModuleOptions } from './consent-module-options';

/**
 * The consent service's PostgreSQL database: one node-postgres pool, shared by its store and its readiness check
 * (through Prisma the store's statements cost several times the CPU: issue 11, bench/README.md). Its schema and
 * migrations are still Prisma's (libs/consent/prisma).
 */
@Injectable()
export class ConsentDatabase implements OnApplicationShutdown {
  readonly pool: pg.Pool;

  constructor(@Inject(CONSENT_MODULE_OPTIONS) options: ResolvedConsentModuleOptions) {
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8 });
    this.pool.on('error', reportLostConnections('ConsentDatabase'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
