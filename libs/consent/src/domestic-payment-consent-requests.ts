import {
  type AuthoriseDomesticPaymentConsent,
  type ConsumeDomesticPaymentConsent,
  type CreateDomesticPaymentConsent,
  type DomesticPaymentSummary,
  type GetDomesticPaymentConsent,
  type RejectDomesticPaymentConsent,
  type RpcReply,
  ok,
} from '@fapi/nats-contract';
import { type Fields, invalid, isFields, isNonEmptyString, withConsentId, withFields } from './request-parsing';

/** OB ActiveOrHistoricCurrencyAndAmount: up to 13 digits and up to 5 decimals, as a string. */
const OB_AMOUNT = /^\d{1,13}(\.\d{1,5})?$/;

/** ISO 4217 alphabetic currency code. */
const CURRENCY = /^[A-Z]{3}$/;

const isOptionalNonEmptyString = (value: unknown): value is string | undefined => value === undefined || isNonEmptyString(value);

function parseSummary(summary: unknown): RpcReply<DomesticPaymentSummary> {
  if (!isFields(summary)) return invalid('summary must be an object');
  const { amount, currency, creditorName, creditorScheme, creditorIdentification, reference, debtorAccountId } = summary as Fields;
  if (typeof amount !== 'string' || !OB_AMOUNT.test(amount)) return invalid('summary.amount must be a decimal string such as "12.50"');
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) return invalid('summary.currency must be an ISO 4217 code');
  if (!isNonEmptyString(creditorScheme)) return invalid('summary.creditorScheme must be a non-empty string');
  if (!isNonEmptyString(creditorIdentification)) return invalid('summary.creditorIdentification must be a non-empty string');
  const optional = { creditorName, reference, debtorAccountId };
  for (const [name, value] of Object.entries(optional)) {
    if (!isOptionalNonEmptyString(value)) return invalid(`summary.${name}, when set, must be a non-empty string`);
  }
  return ok({ amount, currency, creditorScheme, creditorIdentification, ...(optional as Pick<DomesticPaymentSummary, keyof typeof optional>) });
}

export function parseCreatePaymentConsentRequest(payload: unknown): RpcReply<CreateDomesticPaymentConsent> {
  return withFields(payload, ({ clientId, initiation, risk, summary }) => {
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    if (!isFields(initiation)) return invalid('initiation must be the OB Initiation object');
    if (!isFields(risk)) return invalid('risk must be the OB Risk object (possibly empty)');
    const parsedSummary = parseSummary(summary);
    if (!parsedSummary.ok) return parsedSummary;
    return ok({ clientId, initiation, risk, summary: parsedSummary.value });
  });
}

export function parseGetPaymentConsentRequest(payload: unknown): RpcReply<GetDomesticPaymentConsent> {
  return withConsentId(payload, ({ consentId, clientId }) => {
    if (!isOptionalNonEmptyString(clientId)) return invalid('clientId, when set, must be a non-empty string');
    return ok({ consentId, clientId });
  });
}

export function parseAuthorisePaymentConsentRequest(payload: unknown): RpcReply<AuthoriseDomesticPaymentConsent> {
  return withConsentId(payload, ({ consentId, clientId, psuId, debtorAccountId }) => {
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    if (!isNonEmptyString(psuId)) return invalid('psuId must be a non-empty string');
    if (!isNonEmptyString(debtorAccountId)) return invalid('debtorAccountId must be a non-empty string');
    return ok({ consentId, clientId, psuId, debtorAccountId });
  });
}

export function parseRejectPaymentConsentRequest(payload: unknown): RpcReply<RejectDomesticPaymentConsent> {
  return withConsentId(payload, ({ consentId, clientId }) => {
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    return ok({ consentId, clientId });
  });
}

export function parseConsumePaymentConsentRequest(payload: unknown): RpcReply<ConsumeDomesticPaymentConsent> {
  return withConsentId(payload, ({ consentId, clientId, paymentId }) => {
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    if (!isNonEmptyString(paymentId)) return invalid('paymentId must be a non-empty string');
    return ok({ consentId, clientId, paymentId });
  });
}
