import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicSweep } from '@fapi/service-runtime';
import { CONSENT_MODULE_OPTIONS, type ResolvedConsentModuleOptions } from '../consent-module-options';
import { ConsentEngine } from './consent-engine';

/**
 * Expires overdue consents of every kind that expires, periodically, so that their status change is announced even
 * when nobody reads them (reads apply the expiry themselves). Sweeps never overlap; shutdown waits for the running one.
 */
@Injectable()
export class ConsentExpirySweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sweeper: PeriodicSweep;

  constructor(consents: ConsentEngine, @Inject(CONSENT_MODULE_OPTIONS) options: ResolvedConsentModuleOptions) {
    this.sweeper = new PeriodicSweep(
      'overdue consents',
      () => consents.expireOverdue(options.kinds, new Date()),
      options.expirySweepIntervalMs,
      new Logger(ConsentExpirySweep.name),
    );
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.sweeper.stop();
  }
}
