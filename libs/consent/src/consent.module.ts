import { type DynamicModule, Module } from '@nestjs/common';
import { AccountAccessConsentExpirySweep } from './account-access-consent-expiry.sweep';
import { AccountAccessConsentStore } from './account-access-consent.store';
import { AccountAccessConsentsController } from './account-access-consents.controller';
import { AccountAccessConsentsService } from './account-access-consents.service';
import { ConsentDatabase } from './consent-database';
import { CONSENT_MODULE_OPTIONS, type ConsentModuleOptions, resolveConsentModuleOptions } from './consent-module-options';
import { DomesticPaymentConsentStore } from './domestic-payment-consent.store';
import { DomesticPaymentConsentsController } from './domestic-payment-consents.controller';
import { DomesticPaymentConsentsService } from './domestic-payment-consents.service';

/**
 * The consent service: account-access and domestic payment consents, their lifecycles and their NATS handlers. It
 * emits status changes through NatsContractClient, so the importing application also imports
 * `NatsContractModule.forRoot(natsUrl)`.
 */
@Module({})
export class ConsentModule {
  static forRoot(options: ConsentModuleOptions = {}): DynamicModule {
    return {
      module: ConsentModule,
      controllers: [AccountAccessConsentsController, DomesticPaymentConsentsController],
      providers: [
        { provide: CONSENT_MODULE_OPTIONS, useValue: resolveConsentModuleOptions(options) },
        ConsentDatabase,
        AccountAccessConsentStore,
        AccountAccessConsentsService,
        AccountAccessConsentExpirySweep,
        DomesticPaymentConsentStore,
        DomesticPaymentConsentsService,
      ],
    };
  }
}
