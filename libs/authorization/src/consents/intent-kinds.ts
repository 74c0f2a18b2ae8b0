import { type ConsentKind, consentKindOf } from '@fapi/nats-contract';
import type { ConsentRequester, IntentConsent, IntentKind } from './intent-kind';
import { accountAccess } from './kinds/account-access';
import { domesticPayment } from './kinds/domestic-payment';

/** Every kind of consent the authorization server authorises, by the kind its id names (CONSENT_ID_PREFIXES). */
export const INTENT_KINDS: Record<ConsentKind, IntentKind> = {
  accountAccess,
  domesticPayment,
};

/**
 * The consent an openbanking_intent_id names, read through its kind only (a consent id names its kind). Reads the
 * consent of `clientId`; undefined when the id names no known kind, no consent, or a consent of another client
 * (consent-service does not tell those apart).
 */
export async function findIntentConsent(consents: ConsentRequester, consentId: string, clientId: string): Promise<IntentConsent | undefined> {
  const kind = consentKindOf(consentId);
  return kind && INTENT_KINDS[kind].find(consents, { consentId, clientId });
}
