import {
  type AuthoriseDomesticPaymentConsent,
  type ConsumeDomesticPaymentConsent,
  type CreateDomesticPaymentConsent,
  type DomesticPaymentSummary,
  type RpcReply,
} from '@fapi/nats-contract';
import { READ_REFUND_ACCOUNT_CODES, type ReadRefundAccount } from '@fapi/open-banking';
import {
  type FieldRule,
  checkFields,
  fieldThat,
  identifier,
  invalid,
  isFields,
  nonEmptyString,
  obObject,
  optional,
  optionalIdentifier,
  optionalNonEmptyString,
  parseConsentRequest,
  withFields,
} from '../request-parsing';

/** OB ActiveOrHistoricCurrencyAndAmount: up to 13 digits and up to 5 decimals, as a string. */
const OB_AMOUNT = /^\d{1,13}(\.\d{1,5})?$/;

/** ISO 4217 alphabetic currency code. */
const CURRENCY = /^[A-Z]{3}$/;

const matching = (pattern: RegExp) => (value: unknown): value is string => typeof value === 'string' && pattern.test(value);

const isReadRefundAccount = (value: unknown): value is ReadRefundAccount => READ_REFUND_ACCOUNT_CODES.some((code) => code === value);

const summaryRules = {
  amount: fieldThat(matching(OB_AMOUNT), 'be a decimal string such as "12.50"'),
  currency: fieldThat(matching(CURRENCY), 'be an ISO 4217 code'),
  creditorScheme: nonEmptyString,
  creditorIdentification: nonEmptyString,
  creditorName: optionalNonEmptyString,
  reference: optionalNonEmptyString,
  debtorAccountId: optionalIdentifier,
  readRefundAccount: optional(fieldThat(isReadRefundAccount, `be one of ${READ_REFUND_ACCOUNT_CODES.join(', ')}`)),
};

const summary: FieldRule<DomesticPaymentSummary> = (value, name) =>
  isFields(value) ? checkFields(value, summaryRules, `${name}.`) : invalid(`${name} must be an object`);

export function parseCreatePaymentConsentRequest(payload: unknown): RpcReply<CreateDomesticPaymentConsent> {
  return withFields(payload, (fields) =>
    checkFields(fields, {
      clientId: identifier,
      initiation: obObject('the OB Initiation object'),
      risk: obObject('the OB Risk object (possibly empty)'),
      summary,
    }),
  );
}

export function parseAuthorisePaymentConsentRequest(payload: unknown): RpcReply<AuthoriseDomesticPaymentConsent> {
  return parseConsentRequest(payload, { clientId: identifier, psuId: identifier, debtorAccountId: identifier });
}

export function parseConsumePaymentConsentRequest(payload: unknown): RpcReply<ConsumeDomesticPaymentConsent> {
  return parseConsentRequest(payload, { clientId: identifier, paymentId: identifier });
}
