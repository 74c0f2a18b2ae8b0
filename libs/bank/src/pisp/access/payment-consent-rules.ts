import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { ObError } from '@fapi/open-banking';
import { BANK_ACCESS_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { notGranted } from '../../access/not-granted';

/** Rule: a PSU-authorised token is bound to one consent: a request about another consent is 403. */
export function requireTokenForConsent(tokenConsentId: string, requestedConsentId: string): void {
  if (tokenConsentId !== requestedConsentId) {
    throw notGranted(refusalText(RULES.tokenForConsent, `the access token was authorised for another consent than ${requestedConsentId}`));
  }
}

/** Rule (funds-confirmation): the consent is authorised (AUTH, with its debtor account), else 400 U009. Returns that account. */
export function requireAuthorisedPaymentConsent(consent: DomesticPaymentConsent): string {
  if (consent.status !== 'AUTH' || !consent.debtorAccountId) {
    throw ObError.of('U009', refusalText(RULES.consentAuthorised, `the consent is ${consent.status}`), 'ConsentId');
  }
  return consent.debtorAccountId;
}

/**
 * Rule (POST domestic-payments): a payment consent makes one payment. It is AUTH; or COND by exactly this payment
 * while the bank holds no such payment yet (a retry finishing a payment interrupted between consuming the consent and
 * accepting the payment). Anything else — a consumed consent whose payment exists, RJCT, AWAU — is 400 U009.
 * Returns the debtor account the PSU authorised.
 */
export function requireConsentUsableFor(consent: DomesticPaymentConsent, paymentId: string, paymentExists: boolean): string {
  const usable = consent.status === 'AUTH' || (consent.status === 'COND' && consent.paymentId === paymentId && !paymentExists);
  if (!usable || !consent.debtorAccountId) {
    const received = consent.status === 'COND' ? 'the consent is COND: it has made its payment' : `the consent is ${consent.status}`;
    throw ObError.of('U009', refusalText(RULES.paymentConsentUsable, received), 'Data.ConsentId');
  }
  return consent.debtorAccountId;
}
