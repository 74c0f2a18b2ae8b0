import { createHash } from 'node:crypto';
import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { obError, type OBError1, ObError, type OBWriteDomestic2, type PaymentInitiationApi, PISP_BASE_PATH } from '@fapi/open-banking';
import type { IncomingMessage } from 'node:http';
import { requireConformingPost } from '../../ob-http/conforming-request';
import { sameJson } from '../http/canonical-json';

/**
 * The DomesticPaymentId of the one payment a consent makes, derived from the consent id alone: a retry after a crash
 * (consent consumed, payment not yet accepted) finishes the same payment instead of making another. At most 40
 * characters (the OB limit): `dp-` and 32 base64url characters of the consent id's sha256.
 */
export function paymentIdOf(consentId: string): string {
  return `dp-${createHash('sha256').update(consentId).digest('base64url').slice(0, 32)}`;
}

/** The POST domestic-payments body against the OB OpenAPI schema (OBWriteDomestic2 and the request headers); 400 with every error. */
export function validPaymentOrder(api: PaymentInitiationApi, request: IncomingMessage, body: unknown): OBWriteDomestic2 {
  requireConformingPost(api, 'CreateDomesticPayments', `${PISP_BASE_PATH}/domestic-payments`, request, body);
  return body as OBWriteDomestic2;
}

/**
 * Rule (OB domestic-payments): the payment order's Initiation and Risk equal the consent's — the same JSON, whatever
 * the order of members — else 400 U008 naming each that differs.
 */
export function requireOrderMatchesConsent(order: OBWriteDomestic2, consent: DomesticPaymentConsent): void {
  const mismatches: OBError1[] = [];
  if (!sameJson(order.Data.Initiation, consent.initiation)) mismatches.push(obError('U008', "the Initiation differs from the consent's", 'Data.Initiation'));
  if (!sameJson(order.Risk, consent.risk)) mismatches.push(obError('U008', "the Risk differs from the consent's", 'Risk'));
  if (mismatches.length) throw ObError.badRequest(mismatches);
}
