import type { IncomingMessage } from 'node:http';
import type { OBReadConsentResponse1 } from '@fapi/open-banking';
import { authorizeClientCredentials } from '../../access/authorize';
import { readJsonBody } from '../../ob-http/json-body';
import { aispLink, selfLink } from '../../ob-http/links';
import { requireValidResourceId } from '../../ob-http/resource-id';
import { AISP_SCOPE } from '../access/aisp-access';
import type { AispDependencies } from '../aisp-dependencies';
import { validConsentRequest } from './consent-request-rules';
import { obConsentResponse } from './consent-view';

/** POST account-access-consents: the checks in the order they run, then the consent created at consent-service (AWAU). */
export async function createAccountAccessConsent(request: IncomingMessage, deps: AispDependencies): Promise<OBReadConsentResponse1> {
  const clientId = await authorizeClientCredentials(request, deps, AISP_SCOPE); // 401, 403 (scope accounts, client credentials)
  const body = await readJsonBody(request); // 415, 413, 400 U010
  const { Data } = validConsentRequest(deps.api, request, body, deps.now()); // 400 U001–U006
  const consent = await deps.consents.create({
    clientId,
    permissions: Data.Permissions,
    expirationDateTime: Data.ExpirationDateTime,
    transactionFromDateTime: Data.TransactionFromDateTime,
    transactionToDateTime: Data.TransactionToDateTime,
  });
  return obConsentResponse(consent, aispLink(deps.bankUrl, 'account-access-consents', consent.consentId));
}

/** GET account-access-consents/{ConsentId}: the client's own consent (another's or an unknown one: 400 U011). */
export async function readAccountAccessConsent(request: IncomingMessage, consentId: string, deps: AispDependencies): Promise<OBReadConsentResponse1> {
  requireValidResourceId('ConsentId', consentId); // 400 U002
  const clientId = await authorizeClientCredentials(request, deps, AISP_SCOPE); // 401, 403
  const consent = await deps.consents.getOwn(consentId, clientId); // 400 U011
  return obConsentResponse(consent, selfLink(deps.bankUrl, request));
}

/** DELETE account-access-consents/{ConsentId}: the TPP revokes its own consent, which becomes CANC (204, no body). */
export async function deleteAccountAccessConsent(request: IncomingMessage, consentId: string, deps: AispDependencies): Promise<void> {
  requireValidResourceId('ConsentId', consentId); // 400 U002
  const clientId = await authorizeClientCredentials(request, deps, AISP_SCOPE); // 401, 403
  await deps.consents.revokeOwn(consentId, clientId); // 400 U011 (unknown, another client's), U009 (already ended)
}
