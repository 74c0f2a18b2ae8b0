import { randomUUID } from 'node:crypto';
import type { CustomFetch } from 'openid-client';
import { currentInteraction, INTERACTION_ID_HEADER } from '@fapi/nats-contract';

/**
 * The id every back-channel call of a journey carries (FAPI 1.0 Baseline 6.2.2-5): the interaction the PSU's request
 * runs in, which is the journey's once the PSU started it (TppController). One id per journey lets its AS, bank and
 * consent-service log lines be found from the fintech's.
 */
export function journeyInteractionId(): string {
  return currentInteraction()?.interactionId ?? randomUUID();
}

/** A fetch whose calls (openid-client's to the AS: discovery, PAR, token) carry the journey's interaction id. */
export function withJourneyInteractionId(fetch: CustomFetch): CustomFetch {
  return (url, options) => fetch(url, { ...options, headers: { [INTERACTION_ID_HEADER]: journeyInteractionId(), ...options.headers } });
}
