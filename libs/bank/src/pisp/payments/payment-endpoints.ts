import type { IncomingMessage } from 'node:http';
import type { DomesticPaymentConsent, ObJson } from '@fapi/nats-contract';
import { ObError, type OBWriteDomestic2, type OBWriteDomesticResponse5, type OBWritePaymentDetailsResponse1 } from '@fapi/open-banking';
import { BANK_ACCESS_RULES, refusalText } from '@fapi/refusal-catalogue';
import { authorizeClientCredentials, authorizePsuGrant } from '../../access/authorize';
import { parseJsonBody, readJsonBodyBytes } from '../../ob-http/json-body';
import { pispLink } from '../../ob-http/links';
import { requireValidResourceId } from '../../ob-http/resource-id';
import type { DomesticPaymentRecord } from '../../payments/domestic-payment-record';
import { requireConsentUsableFor } from '../access/payment-consent-rules';
import { grantedPaymentConsent, PISP_SCOPE } from '../access/pisp-access';
import { paymentReference } from '../consents/payment-summary';
import { requireIdempotencyKey } from '../http/idempotency-key';
import type { PispDependencies } from '../pisp-dependencies';
import { requireTppSignature } from '../signing/tpp-signature';
import { obRefusalOf } from './ledger-refusals';
import { paymentIdOf, requireOrderMatchesConsent, validPaymentOrder } from './payment-order-rules';
import { obPaymentDetailsResponse, obPaymentResponse } from './payment-view';

/**
 * POST domestic-payments: the checks in the order they run, then — once per idempotency key — the payment made from
 * the consent the PSU authorised.
 */
export async function createPayment(request: IncomingMessage, deps: PispDependencies): Promise<OBWriteDomesticResponse5> {
  const grant = await authorizePsuGrant(request, deps, PISP_SCOPE); // 401, 403 (scope payments, a PSU-authorised token)
  const bytes = await readJsonBodyBytes(request); // 415, 413
  const key = requireIdempotencyKey(request); // 400 U007 / U006
  await requireTppSignature(request, bytes, grant.clientId, deps.clientKeys); // 400 U015–U020
  const body = parseJsonBody(bytes); // 400 U010
  const order = validPaymentOrder(deps.api, request, body); // 400 U001–U006
  const consent = await grantedPaymentConsent(grant, order.Data.ConsentId, (id) => deps.consents.current(id)); // 403
  return deps.idempotency.create({ clientId: grant.clientId, endpoint: 'domestic-payments', key, body }, () =>
    makePayment(order, consent, deps),
  ); // same key and body: the original 201 body; same key, other body: 400 U006
}

/**
 * The payment a consent makes, exactly once: the consent usable (400 U009), the order equal to it (400 U008), the
 * consent consumed for the payment id derived from it (so a retry after a crash finishes this same payment), then the
 * payment stored by the ledger (RCVD; settled asynchronously) — by this request: a request that read the consent AUTH
 * while another one made its payment (another idempotency key) finds the payment stored and is 400 U009, not 201.
 */
async function makePayment(order: OBWriteDomestic2, consent: DomesticPaymentConsent, deps: PispDependencies): Promise<OBWriteDomesticResponse5> {
  const { consentId, clientId } = consent;
  const paymentId = paymentIdOf(consentId);
  // whether the payment exists matters only for a consumed consent (a retry finishing its payment): read only then
  const paymentExists = consent.status === 'COND' && (await deps.payments.payment(paymentId)) !== undefined;
  const debtorAccountId = requireConsentUsableFor(consent, paymentId, paymentExists); // 400 U009
  requireOrderMatchesConsent(order, consent); // 400 U008
  await deps.consents.consume({ consentId, clientId, paymentId }); // 400 U009 when another request consumed it
  const { Initiation } = order.Data;
  const creditor = Initiation.CreditorAccount;
  const reference = paymentReference(Initiation);
  let payment: DomesticPaymentRecord;
  try {
    payment = await deps.payments.acceptNewDomesticPayment({
      paymentId,
      consentId,
      clientId,
      debtorAccountId,
      creditor: { scheme: creditor.SchemeName, identification: creditor.Identification, name: creditor.Name },
      amount: Initiation.InstructedAmount.Amount,
      currency: Initiation.InstructedAmount.Currency,
      ...(reference && { reference }),
      initiation: consent.initiation,
      risk: consent.risk as ObJson,
      readRefundAccount: consent.summary.readRefundAccount === 'Yes',
    });
  } catch (error) {
    throw obRefusalOf(error); // 400 U002 / U023, U009 (the consent's payment exists already)
  }
  return obPaymentResponse(payment, pispLink(deps.bankUrl, 'domestic-payments', payment.paymentId));
}

/** A payment of the client's own, else 400 U011 (OB answers unknown resource ids with 400). */
async function ownPayment(paymentId: string, clientId: string, deps: PispDependencies): Promise<DomesticPaymentRecord> {
  const payment = await deps.payments.payment(paymentId, clientId);
  if (!payment) throw ObError.of('U011', refusalText(BANK_ACCESS_RULES.resourceKnown, `there is no domestic payment ${paymentId}`), 'DomesticPaymentId');
  return payment;
}

/** GET domestic-payments/{DomesticPaymentId}: the client's own payment, as it is now. */
export async function readPayment(request: IncomingMessage, paymentId: string, deps: PispDependencies): Promise<OBWriteDomesticResponse5> {
  requireValidResourceId('DomesticPaymentId', paymentId); // 400 U002
  const clientId = await authorizeClientCredentials(request, deps, PISP_SCOPE); // 401, 403
  const payment = await ownPayment(paymentId, clientId, deps); // 400 U011
  return obPaymentResponse(payment, pispLink(deps.bankUrl, 'domestic-payments', payment.paymentId));
}

/** GET domestic-payments/{DomesticPaymentId}/payment-details: the client's own payment's status history. */
export async function readPaymentDetails(request: IncomingMessage, paymentId: string, deps: PispDependencies): Promise<OBWritePaymentDetailsResponse1> {
  requireValidResourceId('DomesticPaymentId', paymentId); // 400 U002
  const clientId = await authorizeClientCredentials(request, deps, PISP_SCOPE); // 401, 403
  const payment = await ownPayment(paymentId, clientId, deps); // 400 U011
  return obPaymentDetailsResponse(payment, pispLink(deps.bankUrl, 'domestic-payments', payment.paymentId, 'payment-details'));
}
