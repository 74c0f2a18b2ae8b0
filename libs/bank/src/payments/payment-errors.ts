/** Which part of a payment request this bank cannot accept (the API step maps each to its OB error). */
export type UnacceptablePart = 'amount' | 'currency' | 'debtor-account';

/** The request cannot become a payment at this bank: not a positive whole-penny amount, another currency than the debtor account's, or no such customer account. */
export class PaymentNotAcceptable extends Error {
  override readonly name = 'PaymentNotAcceptable';
  constructor(
    readonly part: UnacceptablePart,
    message: string,
  ) {
    super(message);
  }
}

/** A payment consent makes one payment: this consent already made `paymentId`. */
export class ConsentAlreadyUsed extends Error {
  override readonly name = 'ConsentAlreadyUsed';
  constructor(
    readonly consentId: string,
    readonly paymentId: string,
  ) {
    super(`consent ${consentId} already made payment ${paymentId}`);
  }
}
