import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import { AUTHORIZATION_SERVER_OPTIONS, OIDC_MODEL_STORE } from '../tokens';
import type { OidcModelStore } from './oidc-model-store';

/** Deletes expired oidc-provider rows periodically (lookups already ignore them; this only reclaims space). */
@Injectable()
export class ExpiredRowsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredRowsSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(OIDC_MODEL_STORE) private readonly store: OidcModelStore,
    @Inject(AUTHORIZATION_SERVER_OPTIONS) private readonly options: AuthorizationServerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const deleted = await this.store.deleteExpired();
      if (deleted) this.logger.debug(`deleted ${deleted} expired rows`);
    } catch (error) {
      this.logger.warn(`sweeping expired rows failed: ${(error as Error).message}`);
    }
  }
}
