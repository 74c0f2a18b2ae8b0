import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { grantedConsent, type PsuGrant } from '../../access/authorize';
import { requireTokenForConsent } from './payment-consent-rules';

/** The scope every PISP endpoint needs. */
export const PISP_SCOPE = 'payments';

/**
 * funds-confirmation and POST domestic-payments, second step (once the request names its consent, in the path or the
 * body): it is the token's consent (else 403), read now from consent-service: it exists, belongs to the token's client
 * and was authorised by the token's PSU (else 403).
 */
export async function grantedPaymentConsent(
  grant: PsuGrant,
  consentId: string,
  currentConsent: (consentId: string) => Promise<DomesticPaymentConsent | undefined>,
): Promise<DomesticPaymentConsent> {
  requireTokenForConsent(grant.consentId, consentId); // 403 U006
  return grantedConsent(grant, currentConsent); // 403 U006
}
