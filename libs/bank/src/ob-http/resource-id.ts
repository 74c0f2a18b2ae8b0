import { hasControlCharacter } from '@fapi/nats-contract';
import { ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

/**
 * The resource ids the bank takes from a path, each with its longest length as the OB v4.0 OpenAPI gives it for the
 * resource it names (the path parameters themselves are plain strings there): ConsentId is 1..128 characters
 * (`Data.ConsentId`), AccountId 1..40 (`AccountId`), DomesticPaymentId 1..40 (`Data.DomesticPaymentId`).
 */
export const RESOURCE_ID_MAX_LENGTH = { ConsentId: 128, AccountId: 40, DomesticPaymentId: 40 } as const;

export type ResourceIdName = keyof typeof RESOURCE_ID_MAX_LENGTH;

/**
 * Rule (OB v4.0 OpenAPI, the id's schema; OB error codes): a path's resource id is 1..max characters without control
 * characters, else 400 U002 (UK.OBIE.Field.Invalid: "a field has an invalid value or is too long") with `Path` naming
 * the parameter. Not U011 (Resource.NotFound): such a value cannot name any resource, so it is never looked up — it
 * must not reach consent-service or the database, where one caller's malformed value could fail a query that other
 * callers' lookups share. A route without that parameter (`value` undefined) has nothing to check.
 */
export function requireValidResourceId(name: ResourceIdName, value: string | undefined): void {
  if (value === undefined) return;
  const max = RESOURCE_ID_MAX_LENGTH[name];
  if (value.length < 1 || value.length > max) {
    throw ObError.of('U002', refusalText(RULES.resourceIdForm, `${name} is ${value.length} characters long, at most ${max}`), name);
  }
  if (hasControlCharacter(value)) throw ObError.of('U002', refusalText(RULES.resourceIdForm, `${name} has control characters`), name);
}
