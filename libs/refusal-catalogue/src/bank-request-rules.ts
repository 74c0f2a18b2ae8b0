import type { RefusalRule } from './refusal-rule';

const OB = 'UK Open Banking Read/Write API v4.0';

/**
 * The rules the bank refuses a request's form by (400, 413, 415) before it reads any resource: headers, body, ids and
 * the fields it checks beyond the OpenAPI schema (libs/bank/src/ob-http, pisp/http, pisp/consents, aisp/resources).
 * A request the OpenAPI schema refuses keeps the validator's words, one error per field, with its Path.
 */
export const BANK_REQUEST_RULES = {
  idempotencyKeyPresent: {
    id: 'ob.idempotency.key-present',
    standard: OB,
    clause: 'Idempotency',
    expected: 'a payment POST carries x-idempotency-key',
  },
  idempotencyKeyForm: {
    id: 'ob.idempotency.key-form',
    standard: OB,
    clause: 'Idempotency',
    expected: 'x-idempotency-key is 1 to 40 characters without leading or trailing white space',
  },
  idempotencyKeySameBody: {
    id: 'ob.idempotency.same-body',
    standard: OB,
    clause: 'Idempotency',
    expected: 'an x-idempotency-key used again (within 24 h) comes with the same request body',
  },
  idempotencyKeyOneAtATime: {
    id: 'ob.idempotency.one-at-a-time',
    standard: 'draft-ietf-httpapi-idempotency-key-header-07',
    clause: '2.7 (a retry while the original request is still being processed gets 409)',
    expected: 'a request under an x-idempotency-key is sent again once the first under it has been answered',
  },
  resourceIdForm: {
    id: 'ob.resource.id-form',
    standard: OB,
    clause: 'OpenAPI (ConsentId 1..128, AccountId and DomesticPaymentId 1..40)',
    expected: 'a resource id in the path is 1 to its longest length characters without control characters',
  },
  jsonContentType: {
    id: 'ob.body.content-type',
    standard: OB,
    clause: 'HTTP headers (Content-Type)',
    expected: 'a request body is sent as application/json',
  },
  jsonBodySize: {
    id: 'ob.body.size',
    standard: OB,
    clause: 'HTTP status codes (413)',
    expected: 'a request body is at most the size the bank accepts',
  },
  jsonBody: {
    id: 'ob.body.json',
    standard: OB,
    clause: 'error codes (U010)',
    expected: 'a request body is valid JSON',
  },
  dateTimeParameter: {
    id: 'ob.transactions.date-time',
    standard: OB,
    clause: 'Transactions (fromBookingDateTime, toBookingDateTime)',
    expected: 'a booking date-time filter is an ISO 8601 date-time',
  },
  pageParameter: {
    id: 'ob.transactions.page',
    standard: OB,
    clause: 'Pagination (Links.Next, Meta.TotalPages)',
    expected: 'page is a whole number from 1 to the last page, as the Links of an earlier page name it',
  },
  debtorAccountScheme: {
    id: 'ob.debtor-account.scheme',
    standard: OB,
    clause: 'DebtorAccount.SchemeName',
    expected: 'the debtor account is named by UK.OBIE.SortCodeAccountNumber',
  },
  debtorAccountIdentification: {
    id: 'ob.debtor-account.identification',
    standard: OB,
    clause: 'DebtorAccount.Identification',
    expected: 'a sort code and account number is 14 digits',
  },
  debtorAccountKnown: {
    id: 'ob.debtor-account.known',
    standard: OB,
    clause: 'error codes (U021)',
    expected: 'the debtor account is an account the bank holds for a customer',
  },
} as const satisfies Record<string, RefusalRule>;
