import { randomUUID } from 'node:crypto';
import type { SignatureKeys } from '@fapi/message-signing';
import type {
  OBWriteDomestic2,
  OBWriteDomesticConsent4,
  OBWriteDomesticConsentResponse5,
  OBWriteDomesticResponse5,
  OBWritePaymentDetails1,
  OBWritePaymentDetailsResponse1,
} from '@fapi/open-banking';
import { type RequestSigner, verifyBankSignature } from './message-signatures';
import { retryOnceOnNetworkFailure } from './network-failure';
import { type BankAnswer, callBank, type SendToBank } from './ob-http';

/** A domestic payment consent as the bank answers it (OBWriteDomesticConsentResponse5 `Data`). */
export type DomesticPaymentConsent = OBWriteDomesticConsentResponse5['Data'];

/** A domestic payment as the bank answers it (OBWriteDomesticResponse5 `Data`). */
export type DomesticPayment = OBWriteDomesticResponse5['Data'];

/** One step of a payment's status history (OBWritePaymentDetails1). */
export type PaymentStatusStep = OBWritePaymentDetails1;

/** A payment as the bank has it now, and the statuses it went through (payment-details, oldest first, no RCVD). */
export interface PaymentProgress {
  payment: DomesticPayment;
  steps: PaymentStatusStep[];
}

/** OB idempotency: a fresh key per resource to create; a UUID, within the 40 characters the bank accepts. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/**
 * The bank's UK OB v4.0 payment-initiation API, with the TPP's bound tokens (token-binding.ts). Every POST carries an
 * `x-idempotency-key` and the TPP's `x-jws-signature`; every response is believed only once the bank's signature over
 * its exact bytes verifies against the bank's published keys.
 */
export class PaymentInitiationClient {
  private readonly base: string;

  constructor(
    bankUrl: string,
    private readonly send: SendToBank,
    private readonly sign: RequestSigner,
    private readonly bankKeys: SignatureKeys,
  ) {
    this.base = `${bankUrl.replace(/\/$/, '')}/open-banking/v4.0/pisp`;
  }

  /** POST /domestic-payment-consents with a client-credentials token (scope `payments`). */
  async createDomesticPaymentConsent(accessToken: string, request: OBWriteDomesticConsent4, idempotencyKey = newIdempotencyKey()): Promise<DomesticPaymentConsent> {
    const answer = await this.signedPost('create domestic-payment-consent', accessToken, '/domestic-payment-consents', request, idempotencyKey);
    return (answer.body as { Data: DomesticPaymentConsent }).Data;
  }

  /** POST /domestic-payments with the authorization-code token of the consent it repeats. */
  async createDomesticPayment(accessToken: string, request: OBWriteDomestic2, idempotencyKey = newIdempotencyKey()): Promise<DomesticPayment> {
    const answer = await this.signedPost('make the payment', accessToken, '/domestic-payments', request, idempotencyKey);
    return (answer.body as { Data: DomesticPayment }).Data;
  }

  /** GET /domestic-payments/{DomesticPaymentId} with a client-credentials token (scope `payments`). */
  async domesticPayment(accessToken: string, paymentId: string): Promise<DomesticPayment> {
    const answer = await this.signedGet('read the payment', accessToken, `/domestic-payments/${encodeURIComponent(paymentId)}`);
    return (answer.body as { Data: DomesticPayment }).Data;
  }

  /** GET /domestic-payments/{DomesticPaymentId}/payment-details: the statuses the payment went through, oldest first. */
  async domesticPaymentDetails(accessToken: string, paymentId: string): Promise<PaymentStatusStep[]> {
    const answer = await this.signedGet('read the payment\'s history', accessToken, `/domestic-payments/${encodeURIComponent(paymentId)}/payment-details`);
    return (answer.body as OBWritePaymentDetailsResponse1).Data.PaymentStatus ?? [];
  }

  /** A GET whose answer is believed only once the bank's signature over its exact bytes verifies. */
  private async signedGet(operation: string, accessToken: string, path: string): Promise<BankAnswer> {
    const answer = await callBank(this.send, { operation, accessToken, method: 'GET', url: `${this.base}${path}`, expectedStatus: 200 });
    await verifyBankSignature(this.bankKeys, answer, operation);
    return answer;
  }

  /**
   * A signed, idempotent POST: the body is serialised and signed once, and a network failure sends exactly the same
   * bytes, key and signature once more (the bank answers the resource the first attempt may have created).
   */
  private async signedPost(operation: string, accessToken: string, path: string, request: unknown, idempotencyKey: string): Promise<BankAnswer> {
    const body = JSON.stringify(request);
    const headers = { 'x-idempotency-key': idempotencyKey, 'x-jws-signature': await this.sign(body) };
    const answer = await retryOnceOnNetworkFailure(() =>
      callBank(this.send, { operation, accessToken, method: 'POST', url: `${this.base}${path}`, expectedStatus: 201, body, headers }),
    );
    await verifyBankSignature(this.bankKeys, answer, operation);
    return answer;
  }
}
