import { errors, type Client, type ClaimsParameter, type KoaContextWithOIDC } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import type { ConsentRequester } from '../consents/intent-kind';
import { findIntentConsent } from '../consents/intent-kinds';
import { intentIdOf } from './request-names-an-intent';

// OB security profile + FAPI conformance "ensure-server-handles-non-matching-intent-id" (ESSENTIALS §5): the requested
// openbanking_intent_id must be a consent (of any kind in ../consents/intent-kinds.ts) of the requesting client that
// awaits authorisation; an unknown consent, or one of another client (consent-service reports both as not found), is
// invalid_request; a consent no longer AWAU (authorised, rejected, revoked, expired, consumed) is access_denied.
export function bindIntentToClient(consents: ConsentRequester) {
  return async (_ctx: KoaContextWithOIDC, claims: ClaimsParameter, client: Client): Promise<void> => {
    const consentId = intentIdOf(claims);
    if (typeof consentId !== 'string') {
      throw new errors.InvalidRequest(refusalText(RULES.requestObjectNamesIntent, 'the claims parameter requests no openbanking_intent_id value'));
    }
    const intent = await findIntentConsent(consents, consentId, client.clientId);
    if (!intent) throw new errors.InvalidRequest(refusalText(RULES.intentOfClient, `this client has no consent ${receivedValue(consentId)}`));
    if (intent.consent.status !== 'AWAU') {
      throw new errors.AccessDenied(refusalText(RULES.intentAwaitingAuthorisation, `the consent ${receivedValue(consentId)} is ${intent.consent.status}`));
    }
  };
}
