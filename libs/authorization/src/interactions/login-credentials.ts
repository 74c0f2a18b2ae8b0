/** The bank's limits (libs/bank/src/customers/login-credentials.ts): nothing longer can be one of its customers' credentials. */
const MAX_USERNAME_LENGTH = 64;
const MAX_PASSWORD_LENGTH = 1024;

/** C0 and C1 control characters, NUL included. */
const CONTROL_CHARACTER = /\p{Cc}/u;

const isCredential = (value: string, maxLength: number) =>
  value.length > 0 && value.length <= maxLength && !CONTROL_CHARACTER.test(value);

/**
 * Whether what the PSU typed can be credentials at all. RFC 8265 (PRECIS usernames and passwords) §3.3 and §4.2: no
 * control character in either. Checked before the bank is asked, so a hostile form (a NUL byte, a huge value) never
 * reaches the bank's queries, where it could fail other PSUs' logins batched with it (issue 7, finding 3).
 */
export function canBeCredentials(username: string, password: string): boolean {
  return isCredential(username, MAX_USERNAME_LENGTH) && isCredential(password, MAX_PASSWORD_LENGTH);
}
