/** What the authorization server may learn about a bank customer (PSU) to log them in and show the consent page. */
export interface PsuIdentity {
  psuId: string;
  name: string;
}

export interface AuthenticatePsu {
  username: string;
  password: string;
}

/** The longest username (the bank's username column) and password (a bound on one login's work) a PSU can have. */
export const PSU_CREDENTIAL_LIMITS = { username: 64, password: 1024 } as const;

/**
 * Whether text holds a C0 control (NUL included), DEL or a C1 control: no id, name or credential the sandbox takes has
 * one, and PostgreSQL refuses NUL in text outright — failing with it every other caller's lookup batched into the same
 * query. Every service refuses such values at its edge with this one rule.
 */
export const hasControlCharacter = (text: string): boolean => /\p{Cc}/u.test(text);

/** A non-empty string of at most `maxLength` characters and no control character: safe to put into a query. */
export const isPlainText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength && !hasControlCharacter(value);

/**
 * The username and password of a login, or undefined when they cannot be a PSU's credentials at all. RFC 8265 (PRECIS
 * usernames and passwords) §3.3 and §4.2: neither may contain a control character. Both sides check it before any
 * query (the AS before asking the bank, the bank before looking the customer up): PostgreSQL refuses a NUL byte, and
 * Prisma batches concurrent lookups into one query, so one such username would fail every other PSU's login sent at
 * the same moment.
 */
export function psuCredentialsOf(payload: unknown): AuthenticatePsu | undefined {
  const { username, password } = (payload ?? {}) as Record<string, unknown>;
  return isPlainText(username, PSU_CREDENTIAL_LIMITS.username) && isPlainText(password, PSU_CREDENTIAL_LIMITS.password)
    ? { username, password }
    : undefined;
}

export interface ListPsuAccounts {
  psuId: string;
}

/** An account as the consent page lists it for the PSU to choose from. */
export interface PsuAccountSummary {
  accountId: string;
  nickname: string;
  currency: string;
  /** Sort code + account number, as the PSU knows it (e.g. "60-16-13 31926819"). */
  displayIdentifier: string;
}

/** Asks the sandbox bank for its test customers (no parameters). */
export type ListTestCustomers = Record<string, never>;

/**
 * A made-up customer of the sandbox bank, as its sign-in page introduces them to whoever tries the sandbox: the
 * credentials are public on purpose (libs/bank/README.md lists them too). The bank's fixed ledger is their one source.
 */
export interface TestCustomer {
  name: string;
  username: string;
  password: string;
}
