import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * Signs and checks oidc-provider's signed cookies (its `cookies.keys`: the two of keygrip's methods that koa's
 * `cookies` calls, `sign` and `index`): HMAC-SHA-256, base64url, the first key signing and every key accepted, so
 * that a key can be rotated in.
 *
 * Why not keygrip itself, which oidc-provider would build from the secrets: Node 24 makes an HMAC from a string or
 * Buffer key ~7× slower than from a KeyObject (checking the key's type throws and catches a TypeError, stack trace
 * and all: 9 µs against 1.3 µs), and keygrip checks each cookie through three such HMACs (its own, then two more
 * with a random key in tsscmp, to compare in constant time). That was ~4 % of the AS's CPU per AIS journey (issue 11,
 * bench/README.md). Here the keys are KeyObjects made once, and Node's `timingSafeEqual` compares.
 */
export class CookieSignatures {
  private readonly keys: readonly KeyObject[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('cookie signatures need at least one key');
    this.keys = secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
  }

  /** The signature of `data` under the current (first) key. */
  sign(data: string): string {
    return digestOf(data, this.keys[0]);
  }

  /** Which key `digest` is the signature of `data` under, or -1 (cookies re-signs a cookie a former key signed). */
  index(data: string, digest: string): number {
    const received = Buffer.from(digest, 'utf8');
    return this.keys.findIndex((key) => {
      const expected = Buffer.from(digestOf(data, key), 'utf8');
      return received.length === expected.length && timingSafeEqual(received, expected);
    });
  }
}

function digestOf(data: string, key: KeyObject): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}
