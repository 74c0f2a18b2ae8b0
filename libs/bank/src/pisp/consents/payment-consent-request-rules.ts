import type { IncomingMessage } from 'node:http';
import {
  obError,
  type OBDomesticInitiation,
  type OBError1,
  ObError,
  type OBWriteDomesticConsent4,
  type PaymentInitiationApi,
  PISP_BASE_PATH,
} from '@fapi/open-banking';
import { parsePositiveMinor } from '../../ledger/money';
import { requireConformingPost } from '../../ob-http/conforming-request';

/** Every account of the sandbox bank is held in pounds sterling. */
export const BANK_CURRENCY = 'GBP';

const AMOUNT_PATH = 'Data.Initiation.InstructedAmount.Amount';
const CURRENCY_PATH = 'Data.Initiation.InstructedAmount.Currency';

/** Rule: the amount is positive, in whole pence, and within what one ledger posting holds (U002). */
export function positiveWholePenceAmount(initiation: OBDomesticInitiation): OBError1[] {
  return parsePositiveMinor(initiation.InstructedAmount.Amount) === undefined
    ? [obError('U002', 'the amount must be positive, in whole pence, and at most 21474836.47', AMOUNT_PATH)]
    : [];
}

/** Rule: the currency is the one the bank's accounts are held in (U023 Unsupported.Currency). */
export function supportedCurrency(initiation: OBDomesticInitiation): OBError1[] {
  const currency = initiation.InstructedAmount.Currency;
  return currency === BANK_CURRENCY ? [] : [obError('U023', `the bank makes domestic payments in ${BANK_CURRENCY} only, not ${currency}`, CURRENCY_PATH)];
}

/**
 * The POST domestic-payment-consents body, checked in this order (each step only on what the previous accepted): the
 * OB OpenAPI schema (OBWriteDomesticConsent4 and the request headers), then the amount and currency rules. 400 with
 * every error of the first failing step.
 */
export function validPaymentConsentRequest(api: PaymentInitiationApi, request: IncomingMessage, body: unknown): OBWriteDomesticConsent4 {
  requireConformingPost(api, 'CreateDomesticPaymentConsents', `${PISP_BASE_PATH}/domestic-payment-consents`, request, body);
  const consent = body as OBWriteDomesticConsent4;
  const amountErrors = [...positiveWholePenceAmount(consent.Data.Initiation), ...supportedCurrency(consent.Data.Initiation)];
  if (amountErrors.length) throw ObError.badRequest(amountErrors);
  return consent;
}
