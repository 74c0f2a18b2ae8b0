import { databaseUrl } from '@fapi/persistence';

export interface ConsentModuleOptions {
  /** The consent service's PostgreSQL database; default `databaseUrl('consent')` from the environment. */
  databaseUrl?: string;
  /** How often overdue consents are swept to EXPD (and their events emitted); default every 5 seconds. */
  expirySweepIntervalMs?: number;
}

export type ResolvedConsentModuleOptions = Required<ConsentModuleOptions>;

export const CONSENT_MODULE_OPTIONS = Symbol('CONSENT_MODULE_OPTIONS');

const DEFAULT_EXPIRY_SWEEP_INTERVAL_MS = 5000;

export function resolveConsentModuleOptions(options: ConsentModuleOptions): ResolvedConsentModuleOptions {
  return {
    databaseUrl: options.databaseUrl ?? databaseUrl('consent'),
    expirySweepIntervalMs: options.expirySweepIntervalMs ?? DEFAULT_EXPIRY_SWEEP_INTERVAL_MS,
  };
}
