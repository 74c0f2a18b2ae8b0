/**
 * Consent ids say what kind of consent they name, so the authorization server knows whom to ask about an
 * `openbanking_intent_id` without trying every kind.
 */
export const CONSENT_ID_PREFIXES = {
  accountAccess: 'aac-',
  domesticPayment: 'pdc-',
} as const;

export type ConsentKind = keyof typeof CONSENT_ID_PREFIXES;

export function consentKindOf(consentId: string): ConsentKind | undefined {
  return (Object.keys(CONSENT_ID_PREFIXES) as ConsentKind[]).find((kind) => consentId.startsWith(CONSENT_ID_PREFIXES[kind]));
}
