import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicSweep } from '@fapi/service-runtime';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import type { ConsoleStore } from '../console/console-store';
import { AUTHORIZATION_SERVER_OPTIONS, CONSOLE_STORE, OIDC_MODEL_STORE } from '../tokens';
import type { OidcModelStore } from './oidc-model-store';

/** Deletes expired oidc-provider rows and developer-console rows (records older than a day, used links) periodically (lookups already ignore them; this only reclaims space). */
@Injectable()
export class ExpiredRowsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredRowsSweeper.name);
  private readonly sweeper: PeriodicSweep;

  constructor(
    @Inject(OIDC_MODEL_STORE) private readonly store: OidcModelStore,
    @Inject(CONSOLE_STORE) private readonly console: ConsoleStore,
    @Inject(AUTHORIZATION_SERVER_OPTIONS) options: AuthorizationServerOptions,
  ) {
    this.sweeper = new PeriodicSweep('expired rows', () => this.sweep(), options.sweepIntervalMs, this.logger);
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  private async sweep(): Promise<void> {
    const deleted = (await this.store.deleteExpired()) + (await this.console.deleteExpired());
    if (deleted) this.logger.debug(`deleted ${deleted} expired rows`);
  }
}
