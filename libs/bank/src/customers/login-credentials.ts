/** The length of the customer table's username column: no longer username can match. */
export const MAX_USERNAME_LENGTH = 64;
/** Bounds the work one login costs; no sandbox password comes near it. */
export const MAX_PASSWORD_LENGTH = 1024;

/** C0 and C1 control characters, NUL included. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** A non-empty string of at most `maxLength` characters and no control character: safe to put into a query. */
export const isPlainText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength && !CONTROL_CHARACTER.test(value);

/**
 * The username and password of a login request, or undefined when they cannot be credentials at all. RFC 8265 (PRECIS
 * usernames and passwords) §3.3 and §4.2: neither may contain a control character. Checked before the customer is
 * looked up: PostgreSQL refuses a NUL byte, and Prisma batches concurrent lookups into one query, so one such username
 * would fail every other PSU's login sent at the same moment (issue 7, finding 3).
 */
export function loginCredentials(payload: unknown): { username: string; password: string } | undefined {
  const { username, password } = (payload ?? {}) as Record<string, unknown>;
  return isPlainText(username, MAX_USERNAME_LENGTH) && isPlainText(password, MAX_PASSWORD_LENGTH) ? { username, password } : undefined;
}
