import type pg from 'pg';
import { Counter, register } from 'prom-client';

/** How far failures of one key may go: each attempt after `delayAfter` failures waits, `lockAfter` failures lock. */
export interface ThrottleLimits {
  delayAfter: number;
  lockAfter: number;
}

export interface LoginThrottleOptions {
  /** Failures of one username (a guessed password for one PSU). */
  perPsu: ThrottleLimits;
  /** Failures from one client address (many usernames tried from one place): higher, addresses are shared. */
  perAddress: ThrottleLimits;
  /** The first delay; each further failure doubles it, up to `lockMs`. */
  firstDelayMs: number;
  /** How long a lock lasts. */
  lockMs: number;
  /** Failures older than this (counted from the latest) are forgotten. */
  forgetAfterMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  perPsu: { delayAfter: 3, lockAfter: 10 },
  perAddress: { delayAfter: 20, lockAfter: 100 },
  firstDelayMs: 1000,
  lockMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
};

/** One login attempt: the username when it can be one (psuCredentialsOf), and the address it came from. */
export interface LoginAttempt {
  username?: string;
  address: string;
}

/** What the throttle holds about an attempt before it is checked (LoginThrottle.standing). */
export interface LoginStanding {
  blockedUntil?: Date;
  psuHasFailures: boolean;
}

export type LoginFailureReason = 'invalid_credentials' | 'malformed_credentials' | 'throttled';

/** prom-client's default registry (served by /metrics); one counter per name however often this module is loaded. */
function counter(name: string, help: string, labelNames: string[] = []): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

const loginFailures = () => counter('fapi_login_failures_total', 'Bank logins refused at the authorization server, by reason', ['reason']);
const loginLockouts = () => counter('fapi_login_lockouts_total', 'Bank logins locked (a PSU or a client address) after too many failures');

/**
 * Throttles password guessing at the bank login: NIST SP 800-63B §5.2.2 (rate limiting: no more than 100 consecutive
 * failed attempts on one account) and OWASP ASVS 4.0 V2.2.1 (anti-automation against brute force and credential
 * testing). Failures are counted per PSU (username) and per client address; past `delayAfter` every attempt must wait
 * a delay that doubles with each failure, past `lockAfter` the key is locked for `lockMs`, even for the right password.
 * The counts live in the authorization server's database, so they hold in every instance and across restarts.
 * A success forgets the PSU's failures, never the address's (one's own account must not reset a guessing address).
 * Every sign-in checks the throttle, so each step is one node-postgres prepared statement (issue 11: they were the AS's
 * last two Prisma queries of an AIS journey, each compiled by Prisma's query compiler); the check also tells whether the
 * PSU has failures to forget, so a sign-in with none (nearly all of them) writes nothing.
 */
export class LoginThrottle {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Where the attempt stands: until when its PSU or address must wait (undefined: it may try now), and whether its PSU
   * has failures on record, which a success then forgets (none: the success writes nothing).
   */
  async standing(attempt: LoginAttempt): Promise<LoginStanding> {
    const { rows } = await this.pool.query<{ until: Date | null; psu_failed: boolean }>({
      name: 'login-failures-standing',
      text: `SELECT max(blocked_until) FILTER (WHERE blocked_until > $2) AS until, coalesce(bool_or(key = $3), false) AS psu_failed
        FROM login_failures WHERE key = ANY($1::varchar[])`,
      values: [this.keysOf(attempt).map(({ key }) => key), new Date(this.now()), attempt.username === undefined ? null : psuKey(attempt.username)],
    });
    const until = rows[0]?.until ?? undefined;
    if (until) loginFailures().inc({ reason: 'throttled' });
    return { blockedUntil: until, psuHasFailures: rows[0]?.psu_failed ?? false };
  }

  async failed(attempt: LoginAttempt, reason: Exclude<LoginFailureReason, 'throttled'>): Promise<void> {
    loginFailures().inc({ reason });
    const now = new Date(this.now());
    // Forgotten failures of every key go (their rows only take space), so this key starts again from one if it had.
    await this.pool.query({
      name: 'login-failures-forget',
      text: 'DELETE FROM login_failures WHERE last_failure_at < $1 AND (blocked_until IS NULL OR blocked_until < $2)',
      values: [new Date(now.getTime() - this.options.forgetAfterMs), now],
    });
    for (const { key, limits } of this.keysOf(attempt)) {
      const { rows } = await this.pool.query<{ failures: number }>({
        name: 'login-failures-count',
        text: `INSERT INTO login_failures (key, failures, last_failure_at) VALUES ($1, 1, $2)
          ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = EXCLUDED.last_failure_at
          RETURNING failures`,
        values: [key, now],
      });
      const wait = this.waitAfter(rows[0].failures, limits);
      if (wait === undefined) continue;
      if (rows[0].failures >= limits.lockAfter) loginLockouts().inc();
      await this.pool.query({
        name: 'login-failures-block',
        text: 'UPDATE login_failures SET blocked_until = $2 WHERE key = $1',
        values: [key, new Date(now.getTime() + wait)],
      });
    }
  }

  /** Forgets the PSU's failures, when `standing` (read before this attempt) saw any. */
  async succeeded(attempt: LoginAttempt, standing: LoginStanding): Promise<void> {
    if (attempt.username === undefined || !standing.psuHasFailures) return;
    await this.pool.query({ name: 'login-failures-succeeded', text: 'DELETE FROM login_failures WHERE key = $1', values: [psuKey(attempt.username)] });
  }

  /** How long the next attempt must wait after `failures`: none, a doubling delay, then the lock. */
  private waitAfter(failures: number, limits: ThrottleLimits): number | undefined {
    if (failures >= limits.lockAfter) return this.options.lockMs;
    if (failures < limits.delayAfter) return undefined;
    return Math.min(this.options.firstDelayMs * 2 ** (failures - limits.delayAfter), this.options.lockMs);
  }

  /** The counters an attempt touches: its PSU's (when it names one) and its address's. */
  private keysOf(attempt: LoginAttempt): { key: string; limits: ThrottleLimits }[] {
    return [
      ...(attempt.username === undefined ? [] : [{ key: psuKey(attempt.username), limits: this.options.perPsu }]),
      { key: `address:${attempt.address}`, limits: this.options.perAddress },
    ];
  }
}

const psuKey = (username: string) => `psu:${username}`;
