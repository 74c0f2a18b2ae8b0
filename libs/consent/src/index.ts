/** The consents of every kind (account access, domestic payments): storage, lifecycles and their NATS handlers. */
export { ConsentModule } from './consent.module';
export type { ConsentModuleOptions } from './consent-module-options';
export * from './consent.sandbox-service';
