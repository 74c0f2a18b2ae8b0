import { databaseUrl } from '@fapi/persistence';
import type { AnyConsentKind } from './engine/consent-kind';
import { CONSENT_KINDS } from './kinds';

export interface ConsentModuleOptions {
  /** The consent service's PostgreSQL database; default `databaseUrl('consent')` from the environment. */
  databaseUrl?: string;
  /** How often overdue consents are swept to EXPD (and their events emitted); default every 5 seconds. */
  expirySweepIntervalMs?: number;
  /** The kinds of consent served; default every kind in kinds/index.ts (a spec may add one of its own). */
  kinds?: readonly AnyConsentKind[];
}

export type ResolvedConsentModuleOptions = Required<ConsentModuleOptions>;

export const CONSENT_MODULE_OPTIONS = Symbol('CONSENT_MODULE_OPTIONS');

const DEFAULT_EXPIRY_SWEEP_INTERVAL_MS = 5000;

export function resolveConsentModuleOptions(options: ConsentModuleOptions): ResolvedConsentModuleOptions {
  return {
    databaseUrl: options.databaseUrl ?? databaseUrl('consent'),
    expirySweepIntervalMs: options.expirySweepIntervalMs ?? DEFAULT_EXPIRY_SWEEP_INTERVAL_MS,
    kinds: options.kinds ?? CONSENT_KINDS,
  };
}
