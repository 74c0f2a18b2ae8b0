import type { IncomingMessage } from 'node:http';
import {
  AISP_BASE_PATH,
  type AccountInfoApi,
  obError,
  type OBError1,
  ObError,
  type OBReadConsent1,
  validatePermissions,
} from '@fapi/open-banking';
import { requireConformingPost } from '../../ob-http/conforming-request';

/** Rule: ExpirationDateTime, when sent, lies in the future (U003). */
export function expirationInFuture(data: OBReadConsent1['Data'], now: Date): OBError1[] {
  return data.ExpirationDateTime && Date.parse(data.ExpirationDateTime) <= now.getTime()
    ? [obError('U003', 'ExpirationDateTime must be in the future', 'Data.ExpirationDateTime')]
    : [];
}

/** Rule: the transaction window, when both ends are sent, does not end before it starts (U003). */
export function transactionWindowInOrder(data: OBReadConsent1['Data']): OBError1[] {
  const { TransactionFromDateTime: from, TransactionToDateTime: to } = data;
  return from && to && Date.parse(from) > Date.parse(to)
    ? [obError('U003', 'TransactionToDateTime must not be before TransactionFromDateTime', 'Data.TransactionToDateTime')]
    : [];
}

/**
 * The POST account-access-consents body, checked in this order (each step only on what the previous accepted):
 * the OB OpenAPI schema (OBReadConsent1 and the request headers), the permission rules, then the dates. 400 with
 * every error of the first failing step.
 */
export function validConsentRequest(api: AccountInfoApi, request: IncomingMessage, body: unknown, now: Date): OBReadConsent1 {
  requireConformingPost(api, 'CreateAccountAccessConsents', `${AISP_BASE_PATH}/account-access-consents`, request, body);
  const consent = body as OBReadConsent1;
  const permissionErrors = validatePermissions(consent.Data.Permissions);
  if (permissionErrors.length) throw ObError.badRequest(permissionErrors);
  const dateErrors = [...expirationInFuture(consent.Data, now), ...transactionWindowInOrder(consent.Data)];
  if (dateErrors.length) throw ObError.badRequest(dateErrors);
  return consent;
}
