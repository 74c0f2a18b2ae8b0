import type { IncomingMessage } from 'node:http';
import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { authenticate, authorizeClientCredentials, type TokenDependencies } from '../../aisp/access/aisp-access';
import { requireConsentOfClient, requireConsentOfPsu, requireExistingConsent } from '../../aisp/access/consent-rules';
import { consentOfToken } from '../../aisp/access/token-rules';
import { requireTokenForConsent } from './payment-consent-rules';

/** The scope every PISP endpoint needs. */
export const PISP_SCOPE = 'payments';

/** What a token the PSU authorised says: for which client, by which PSU, for which one consent. */
export interface PsuGrant {
  clientId: string;
  psuId?: string;
  consentId: string;
}

/**
 * domestic-payment-consents (POST, GET) and reading payments: the token checks shared with AISP (401s: query token,
 * Bearer, JWT, certificate binding; 403: scope payments), then a client-credentials token; returns its client_id.
 */
export const authorizeTpp = (request: IncomingMessage, dependencies: TokenDependencies): Promise<string> =>
  authorizeClientCredentials(request, dependencies, PISP_SCOPE);

/**
 * funds-confirmation and POST domestic-payments, first step (before the body is read): the same token checks, then a
 * token the PSU authorised for a consent (a client-credentials token: 403).
 */
export async function authorizePsuGrant(request: IncomingMessage, dependencies: TokenDependencies): Promise<PsuGrant> {
  const claims = await authenticate(request, dependencies, PISP_SCOPE);
  return { clientId: claims.client_id, psuId: claims.sub, consentId: consentOfToken(claims) };
}

/**
 * Second step, once the request names its consent (path or body): it is the token's consent (else 403), read now from
 * consent-service: it exists, belongs to the token's client and was authorised by the token's PSU (else 403).
 */
export async function grantedPaymentConsent(
  grant: PsuGrant,
  consentId: string,
  currentConsent: (consentId: string) => Promise<DomesticPaymentConsent | undefined>,
): Promise<DomesticPaymentConsent> {
  requireTokenForConsent(grant.consentId, consentId);
  const consent = requireExistingConsent(await currentConsent(consentId), consentId);
  requireConsentOfClient(consent, grant.clientId);
  requireConsentOfPsu(consent, grant.psuId);
  return consent;
}
