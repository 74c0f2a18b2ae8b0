/** The consent lifecycles (account access, domestic payments): storage, state transitions and their NATS handlers. */
export { ConsentModule } from './consent.module';
export type { ConsentModuleOptions } from './consent-module-options';
