import { type RpcReply, refuse } from '@fapi/nats-contract';

/*
 * Requests arrive as untrusted JSON from other services: each is checked against its contract type before it is used,
 * so a malformed payload is refused INVALID (with what is wrong) instead of reaching a lifecycle or the database.
 */

export type Fields = Record<string, unknown>;

export const invalid = (message: string) => refuse<never>('INVALID', message);

export const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

export function withFields<T>(payload: unknown, parse: (fields: Fields) => RpcReply<T>): RpcReply<T> {
  return isFields(payload) ? parse(payload) : invalid('the payload must be a JSON object');
}

export function withConsentId<T>(payload: unknown, parse: (fields: Fields & { consentId: string }) => RpcReply<T>): RpcReply<T> {
  return withFields(payload, (fields) =>
    isNonEmptyString(fields.consentId) ? parse({ ...fields, consentId: fields.consentId }) : invalid('consentId must be a non-empty string'),
  );
}

/** Hands a checked request to its handler, or answers the refusal the check produced. */
export async function whenValid<T, R>(parsed: RpcReply<T>, handle: (request: T) => Promise<RpcReply<R>>): Promise<RpcReply<R>> {
  return parsed.ok ? handle(parsed.value) : refuse(parsed.error.code, parsed.error.message);
}
