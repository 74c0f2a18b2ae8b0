import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CONSENT_MODULE_OPTIONS, type ResolvedConsentModuleOptions } from '../consent-module-options';
import { ConsentEngine } from './consent-engine';

/**
 * Expires overdue consents of every kind that expires, periodically, so that their status change is announced even
 * when nobody reads them (reads apply the expiry themselves). Sweeps never overlap; shutdown waits for the running one.
 */
@Injectable()
export class ConsentExpirySweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ConsentExpirySweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly consents: ConsentEngine,
    @Inject(CONSENT_MODULE_OPTIONS) private readonly options: ResolvedConsentModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), this.options.expirySweepIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    this.running = this.consents
      .expireOverdue(this.options.kinds, new Date())
      .catch((error: unknown) => this.logger.error(`expiry sweep failed: ${String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
