import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

export const IDEMPOTENCY_KEY_HEADER = 'x-idempotency-key';

/** OB: at most 40 characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 40;

/** The spec's pattern: no leading or trailing white space (and not empty). */
const NO_SURROUNDING_WHITESPACE = /^(?!\s)(.*)(\S)$/;

/**
 * Rule (OB "Idempotency"): a PISP POST carries x-idempotency-key, else 400 U007; it is at most 40 characters with no
 * leading or trailing white space, else 400 U006. Both name the header as Path.
 */
export function requireIdempotencyKey(request: IncomingMessage): string {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) throw ObError.of('U007', refusalText(RULES.idempotencyKeyPresent, `the request has no ${IDEMPOTENCY_KEY_HEADER}`), IDEMPOTENCY_KEY_HEADER);
  if (typeof key !== 'string' || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !NO_SURROUNDING_WHITESPACE.test(key)) {
    const received =
      typeof key === 'string'
        ? `${IDEMPOTENCY_KEY_HEADER} is ${key.length} characters long or has surrounding white space`
        : `the request carries ${key.length} ${IDEMPOTENCY_KEY_HEADER} headers`;
    throw ObError.of('U006', refusalText(RULES.idempotencyKeyForm, received), IDEMPOTENCY_KEY_HEADER);
  }
  return key;
}
