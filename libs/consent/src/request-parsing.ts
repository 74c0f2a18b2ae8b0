import { hasControlCharacter, type ObJson, type RpcReply, ok, refuse } from '@fapi/nats-contract';

/*
 * Requests arrive as untrusted JSON from other services: each is checked against its contract type before it is used,
 * so a malformed payload is refused INVALID (with what is wrong) instead of reaching the engine or the database. The
 * field rules below are the checks every kind shares; a request lists its fields' rules in the order they are checked.
 */

export type Fields = Record<string, unknown>;

export const invalid = (message: string) => refuse<never>('INVALID', message);

export const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** One field's rule: the value it accepts (possibly normalised), or the refusal saying what is wrong with `name`. */
export type FieldRule<T> = (value: unknown, name: string) => RpcReply<T>;

type FieldRules = Record<string, FieldRule<unknown>>;

/** What fields checked by `Rules` hold. */
type Checked<Rules extends FieldRules> = { [Name in keyof Rules]: Rules[Name] extends FieldRule<infer T> ? T : never };

/** A field that must satisfy `accepts`; `must` finishes the sentence "<name> must ...". */
export const fieldThat =
  <T>(accepts: (value: unknown) => value is T, must: string): FieldRule<T> =>
  (value, name) =>
    accepts(value) ? ok(value) : invalid(`${name} must ${must}`);

/** The field may be absent; when set, `rule` checks it. */
export const optional =
  <T>(rule: FieldRule<T>): FieldRule<T | undefined> =>
  (value, name) =>
    value === undefined ? ok(undefined) : rule(value, name);

/*
 * Rule: identifiers and text are bounded and hold no control characters, so that a malformed value is refused here
 * instead of failing its query — and with it the other callers' lookups that Prisma batches into the same query
 * (PostgreSQL refuses NUL in text and a value longer than its VARCHAR column outright).
 */

/** Identifiers (consent, client, PSU, account, payment ids): OB's ConsentId is Max128Text, the consent id column VARCHAR(128). */
export const MAX_IDENTIFIER_LENGTH = 128;

/** Free text a request carries in its own fields: OB's longest such field is a creditor's Name (Max350Text). */
export const MAX_TEXT_LENGTH = 350;

const isTextOfAtMost =
  (maxLength: number) =>
  (value: unknown): value is string =>
    isNonEmptyString(value) && value.length <= maxLength && !hasControlCharacter(value);

export const isIdentifier = isTextOfAtMost(MAX_IDENTIFIER_LENGTH);

export const identifier = fieldThat(isIdentifier, `be an identifier of 1 to ${MAX_IDENTIFIER_LENGTH} characters without control characters`);

export const optionalIdentifier = optional(identifier);

/** Free text: 1 to MAX_TEXT_LENGTH characters, not only white space, without control characters. */
export const nonEmptyString = fieldThat(
  isTextOfAtMost(MAX_TEXT_LENGTH),
  `be a text of 1 to ${MAX_TEXT_LENGTH} characters without control characters`,
);

export const optionalNonEmptyString = optional(nonEmptyString);

/** Whether no string in a JSON value, member names included, holds a control character. */
const withoutControlCharacters = (value: unknown): boolean => {
  if (typeof value === 'string') return !hasControlCharacter(value);
  if (typeof value !== 'object' || value === null) return true;
  return Object.entries(value).every(([name, member]) => withoutControlCharacters(name) && withoutControlCharacters(member));
};

/** An OB object kept as it came (a payment's Initiation, Risk): a JSON object without control characters in its text. */
export const obObject = (what: string) =>
  fieldThat((value): value is ObJson => isFields(value) && withoutControlCharacters(value), `be ${what} without control characters`);

/** Checks `fields` against `rules` in order (names prefixed with `prefix` in refusals): the first refusal, or them all. */
export function checkFields<Rules extends FieldRules>(fields: Fields, rules: Rules, prefix = ''): RpcReply<Checked<Rules>> {
  const checked: Fields = {};
  for (const [name, rule] of Object.entries(rules)) {
    const reply = rule(fields[name], `${prefix}${name}`);
    if (!reply.ok) return reply;
    checked[name] = reply.value;
  }
  return ok(checked as Checked<Rules>);
}

export function withFields<T>(payload: unknown, parse: (fields: Fields) => RpcReply<T>): RpcReply<T> {
  return isFields(payload) ? parse(payload) : invalid('the payload must be a JSON object');
}

export function withConsentId<T>(payload: unknown, parse: (fields: Fields & { consentId: string }) => RpcReply<T>): RpcReply<T> {
  return withFields(payload, (fields) => {
    const consentId = identifier(fields.consentId, 'consentId');
    return consentId.ok ? parse({ ...fields, consentId: consentId.value }) : consentId;
  });
}

/** A request about one consent: its consentId, then the fields of `rules`. */
export function parseConsentRequest<Rules extends FieldRules>(
  payload: unknown,
  rules: Rules,
): RpcReply<{ consentId: string } & Checked<Rules>> {
  return withConsentId(payload, (fields) => {
    const checked = checkFields(fields, rules);
    return checked.ok ? ok({ consentId: fields.consentId, ...checked.value }) : checked;
  });
}

/** Reads one consent; with clientId set, a consent of another client is NOT_FOUND. */
export const parseGetRequest = (payload: unknown) => parseConsentRequest(payload, { clientId: optionalIdentifier });

/** A change the owning client asks for that records nothing else (e.g. the PSU rejecting a consent). */
export const parseClientRequest = (payload: unknown) => parseConsentRequest(payload, { clientId: identifier });

/** Hands a checked request to its handler, or answers the refusal the check produced. */
export async function whenValid<T, R>(parsed: RpcReply<T>, handle: (request: T) => Promise<RpcReply<R>>): Promise<RpcReply<R>> {
  return parsed.ok ? handle(parsed.value) : refuse(parsed.error.code, parsed.error.message);
}
