import path from 'node:path';
import { loadSpecBackend, ObOpenApi } from './ob-openapi';

/** The unmodified official v4.0 Payment Initiation API OpenAPI (see specs/README.md for source and sha256). */
export const PAYMENT_INITIATION_OPENAPI_FILE = path.resolve(__dirname, '../../specs/payment-initiation-openapi.json');

/** Where the spec's paths live on an ASPSP (its `servers[0].url`). */
export const PISP_BASE_PATH = '/open-banking/v4.0/pisp';

/** The domestic single-payment operations the sandbox implements (the spec has scheduled, standing-order, ... too). */
export type PispOperationId =
  | 'CreateDomesticPaymentConsents'
  | 'GetDomesticPaymentConsentsConsentId'
  | 'GetDomesticPaymentConsentsConsentIdFundsConfirmation'
  | 'CreateDomesticPayments'
  | 'GetDomesticPaymentsDomesticPaymentId'
  | 'GetDomesticPaymentsDomesticPaymentIdPaymentDetails';

/** The v4.0 PISP OpenAPI (see ObOpenApi). */
export class PaymentInitiationApi extends ObOpenApi<PispOperationId> {
  static async load(file: string = PAYMENT_INITIATION_OPENAPI_FILE): Promise<PaymentInitiationApi> {
    return new PaymentInitiationApi(await loadSpecBackend(file, PISP_BASE_PATH), 'PISP');
  }
}
