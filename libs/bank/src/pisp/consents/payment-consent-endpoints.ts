import type { IncomingMessage } from 'node:http';
import type { OBWriteDomesticConsentResponse5, OBWriteFundsConfirmationResponse1 } from '@fapi/open-banking';
import { authorizeClientCredentials, authorizePsuGrant } from '../../access/authorize';
import { parseJsonBody, readJsonBodyBytes } from '../../ob-http/json-body';
import { pispLink } from '../../ob-http/links';
import { requireValidResourceId } from '../../ob-http/resource-id';
import { requireAuthorisedPaymentConsent } from '../access/payment-consent-rules';
import { grantedPaymentConsent, PISP_SCOPE } from '../access/pisp-access';
import { requireIdempotencyKey } from '../http/idempotency-key';
import { obFundsConfirmationResponse } from '../payments/payment-view';
import type { PispDependencies } from '../pisp-dependencies';
import { requireTppSignature } from '../signing/tpp-signature';
import { debtorAccountOfBank } from './debtor-account';
import { validPaymentConsentRequest } from './payment-consent-request-rules';
import { paymentSummary } from './payment-summary';
import { obPaymentConsentResponse } from './payment-consent-view';

/** POST domestic-payment-consents: the checks in the order they run, then the idempotent creation at consent-service. */
export async function createPaymentConsent(request: IncomingMessage, deps: PispDependencies): Promise<OBWriteDomesticConsentResponse5> {
  const clientId = await authorizeClientCredentials(request, deps, PISP_SCOPE); // 401, 403 (scope payments, client credentials)
  const bytes = await readJsonBodyBytes(request); // 415, 413
  const key = requireIdempotencyKey(request); // 400 U007 / U006
  await requireTppSignature(request, bytes, clientId, deps.clientKeys); // 400 U015–U020
  const body = parseJsonBody(bytes); // 400 U010
  const { Data, Risk } = validPaymentConsentRequest(deps.api, request, body); // 400 U001–U006, U023
  const debtorAccountId = await debtorAccountOfBank(Data.Initiation, deps.findCustomerAccount); // 400 U027 / U002 / U021
  return deps.idempotency.create({ clientId, endpoint: 'domestic-payment-consents', key, body }, async () => {
    const consent = await deps.consents.create({
      clientId,
      initiation: { ...Data.Initiation },
      risk: { ...Risk },
      summary: paymentSummary(Data, debtorAccountId),
    });
    return obPaymentConsentResponse(consent, pispLink(deps.bankUrl, 'domestic-payment-consents', consent.consentId));
  }); // same key and body: the original 201 body; same key, other body: 400 U006
}

/** GET domestic-payment-consents/{ConsentId}: the client's own consent (another's or an unknown one: 400 U011). */
export async function readPaymentConsent(request: IncomingMessage, consentId: string, deps: PispDependencies): Promise<OBWriteDomesticConsentResponse5> {
  requireValidResourceId('ConsentId', consentId); // 400 U002
  const clientId = await authorizeClientCredentials(request, deps, PISP_SCOPE); // 401, 403
  const consent = await deps.consents.getOwn(consentId, clientId); // 400 U011
  return obPaymentConsentResponse(consent, pispLink(deps.bankUrl, 'domestic-payment-consents', consent.consentId));
}

/**
 * GET domestic-payment-consents/{ConsentId}/funds-confirmation: a token the PSU authorised for this very consent;
 * the consent AUTH; whether its debtor account could pay the amount now (the consent is not changed).
 */
export async function confirmFunds(request: IncomingMessage, consentId: string, deps: PispDependencies): Promise<OBWriteFundsConfirmationResponse1> {
  requireValidResourceId('ConsentId', consentId); // 400 U002
  const grant = await authorizePsuGrant(request, deps, PISP_SCOPE); // 401, 403 (scope, client-credentials token)
  const consent = await grantedPaymentConsent(grant, consentId, (id) => deps.consents.current(id)); // 403
  const debtorAccountId = requireAuthorisedPaymentConsent(consent); // 400 U009
  const available = await deps.payments.fundsAvailable(debtorAccountId, consent.summary.amount);
  return obFundsConfirmationResponse(available, deps.now(), pispLink(deps.bankUrl, 'domestic-payment-consents', consentId, 'funds-confirmation'));
}
