import { BANK_ACCESS_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { notGranted } from './not-granted';

/** Who a consent (of any kind: account access, domestic payment) is bound to. */
export interface ConsentParties {
  clientId: string;
  /** The PSU who authorised it, once authorised. */
  psuId?: string;
}

/** Rule: the token's consent exists at consent-service, else 403. */
export function requireExistingConsent<Consent>(consent: Consent | undefined, consentId: string): Consent {
  if (!consent) throw notGranted(refusalText(RULES.consentExists, `there is no consent ${consentId}`));
  return consent;
}

/** Rule: the consent belongs to the client the token was issued to, else 403. */
export function requireConsentOfClient(consent: ConsentParties, clientId: string): void {
  if (consent.clientId !== clientId) throw notGranted(refusalText(RULES.consentOfClient, 'it belongs to another client'));
}

/** Rule: the consent was authorised by the PSU the token was issued for (its subject), else 403. */
export function requireConsentOfPsu(consent: ConsentParties, psuId: string | undefined): void {
  if (!psuId || consent.psuId !== psuId) throw notGranted(refusalText(RULES.consentOfPsu, 'it was authorised by another PSU'));
}
