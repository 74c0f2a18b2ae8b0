import { Counter } from 'prom-client';

/** Committed consent status changes, by kind and transition (prom-client's default registry, served at /metrics). */
export const consentStatusChanges = new Counter({
  name: 'fapi_consent_status_changes_total',
  help: 'Consent status changes committed, by consent kind and transition',
  labelNames: ['kind', 'from', 'to'] as const,
});
