import { type DynamicModule, Module } from '@nestjs/common';
import { ConsentDatabase } from './consent-database';
import { CONSENT_MODULE_OPTIONS, type ConsentModuleOptions, resolveConsentModuleOptions } from './consent-module-options';
import { consentRequestsController } from './consent-requests.controller';
import { ConsentEngine } from './engine/consent-engine';
import { ConsentStore } from './engine/consent.store';
import { ConsentExpirySweep } from './engine/expiry-sweep';

/**
 * The consent service: the consents of every kind (kinds/index.ts), their lifecycles and their NATS handlers. It
 * emits status changes through NatsContractClient, so the importing application also imports
 * `NatsContractModule.forRoot(nats)`.
 */
@Module({})
export class ConsentModule {
  static forRoot(options: ConsentModuleOptions = {}): DynamicModule {
    const resolved = resolveConsentModuleOptions(options);
    return {
      module: ConsentModule,
      controllers: [consentRequestsController(resolved.kinds)],
      providers: [
        { provide: CONSENT_MODULE_OPTIONS, useValue: resolved },
        ConsentDatabase,
        ConsentStore,
        ConsentEngine,
        ConsentExpirySweep,
      ],
    };
  }
}
