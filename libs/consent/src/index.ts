/** The consent lifecycle (account access, later payments): storage, state transitions and its NATS handlers. */
export { ConsentModule } from './consent.module';
export type { ConsentModuleOptions } from './consent-module-options';
