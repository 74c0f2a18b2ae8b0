import type { AccountAccessConsent } from '@fapi/nats-contract';
import { ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

/** The booking times a transactions request may see (inclusive ends; undefined = open). */
export interface TransactionWindow {
  from?: Date;
  to?: Date;
}

/** An ISO 8601 date-time with or without zone (OB query parameters usually come without one: read as UTC). */
const QUERY_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

function queryDate(query: URLSearchParams, name: string): Date | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const withZone = /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`;
  const at = QUERY_DATE_TIME.test(value) ? new Date(withZone) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw ObError.of('U003', refusalText(RULES.dateTimeParameter, `${name} is not a date-time`), name);
  return at;
}

const later = (a?: Date, b?: Date) => (!a ? b : !b ? a : a > b ? a : b);
const earlier = (a?: Date, b?: Date) => (!a ? b : !b ? a : a < b ? a : b);
const optionalDate = (value?: string) => (value ? new Date(value) : undefined);

/**
 * Rule: transactions are limited to the consent's TransactionFromDateTime..TransactionToDateTime; the query's
 * fromBookingDateTime/toBookingDateTime narrow that window further, never widen it. A malformed query date: 400 U003.
 */
export function transactionWindow(consent: AccountAccessConsent, query: URLSearchParams): TransactionWindow {
  return {
    from: later(optionalDate(consent.transactionFromDateTime), queryDate(query, 'fromBookingDateTime')),
    to: earlier(optionalDate(consent.transactionToDateTime), queryDate(query, 'toBookingDateTime')),
  };
}
