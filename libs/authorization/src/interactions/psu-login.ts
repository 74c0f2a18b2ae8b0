import { type PsuIdentity, psuCredentialsOf, Requests } from '@fapi/nats-contract';
import type { ConsentRequester } from '../consents/intent-kind';
import type { LoginAttempt, LoginThrottle } from './login-throttle';

export type LoginOutcome =
  | { outcome: 'signed-in'; psu: PsuIdentity }
  /** Too many failures of this PSU or address: no check before `until`. */
  | { outcome: 'throttled'; until: Date }
  /** Wrong credentials (the bank said so), or input that cannot be credentials (`malformed`, never sent to the bank). */
  | { outcome: 'refused'; malformed: boolean };

/**
 * A PSU signing in on the bank login page, its checks in order: the throttle (login-throttle.ts), what can be
 * credentials at all (`psuCredentialsOf` of the NATS contract, which the bank checks too), then the bank's verdict over NATS (`Requests.authenticatePsu`). Every
 * failure is counted by the throttle; a success forgets the PSU's failures.
 */
export async function signIn(
  throttle: LoginThrottle,
  bank: ConsentRequester,
  credentials: { username: string; password: string },
  address: string,
): Promise<LoginOutcome> {
  const wellFormed = psuCredentialsOf(credentials) !== undefined;
  const attempt: LoginAttempt = { username: wellFormed ? credentials.username : undefined, address };
  const standing = await throttle.standing(attempt);
  if (standing.blockedUntil) return { outcome: 'throttled', until: standing.blockedUntil };
  if (!wellFormed) {
    await throttle.failed(attempt, 'malformed_credentials');
    return { outcome: 'refused', malformed: true };
  }
  const reply = await bank.request(Requests.authenticatePsu, credentials);
  if (!reply.ok) {
    await throttle.failed(attempt, 'invalid_credentials');
    return { outcome: 'refused', malformed: false };
  }
  await throttle.succeeded(attempt, standing);
  return { outcome: 'signed-in', psu: reply.value };
}
