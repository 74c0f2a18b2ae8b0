import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost of a password that is a secret (RFC 7914 interactive-login values): ~40 ms of CPU per login here. */
export const SECRET_PASSWORD_COST: ScryptOptions = { N: 16384, r: 8, p: 1 };

/**
 * scrypt cost of a password that is published: the seeded sandbox customers', printed in libs/bank/README.md and on the
 * bank's sign-in page. Their hash guards no secret, so its cost only slows every login (a quarter of a journey's
 * server CPU at SECRET_PASSWORD_COST, issue 11); 1/16 of it (1 MiB, ~2.5 ms) keeps them on the same verification as
 * every other customer: a salted scrypt hash, compared in constant time.
 */
export const PUBLISHED_PASSWORD_COST: ScryptOptions = { N: 1024, r: 8, p: 1 };

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash, so each hash is verified at its own cost. */
export async function hashPassword(password: string, cost: ScryptOptions = SECRET_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost, KEY_LENGTH);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Whether the password matches the stored hash (at the cost the hash names), compared in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}
