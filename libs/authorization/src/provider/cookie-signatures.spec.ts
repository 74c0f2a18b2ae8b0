import { createHmac } from 'node:crypto';
import { CookieSignatures } from './cookie-signatures';

describe("oidc-provider's cookies are signed with HMAC-SHA-256 under the AS's cookie keys", () => {
  const cookie = '_interaction=Qx7dTn1c3vF0a9bLk2mZr';

  it('another instance with the same key accepts the signature, as its first key', () => {
    const digest = new CookieSignatures(['shared secret']).sign(cookie);
    expect(digest).toBe(createHmac('sha256', 'shared secret').update(cookie).digest('base64url'));
    expect(new CookieSignatures(['shared secret']).index(cookie, digest)).toBe(0);
  });

  it('a rotated-in key signs, and a cookie the former key signed is still accepted, as that key (cookies then signs it again)', () => {
    const formerDigest = new CookieSignatures(['former']).sign(cookie);
    const rotated = new CookieSignatures(['current', 'former']);
    expect(rotated.index(cookie, formerDigest)).toBe(1);
    expect(rotated.sign(cookie)).toBe(new CookieSignatures(['current']).sign(cookie));
  });

  it('refuses a signature of another cookie, under another key, cut short, altered or missing', () => {
    const signatures = new CookieSignatures(['shared secret']);
    const digest = signatures.sign(cookie);
    expect(signatures.index('_interaction=another', digest)).toBe(-1);
    expect(signatures.index(cookie, new CookieSignatures(['another secret']).sign(cookie))).toBe(-1);
    expect(signatures.index(cookie, digest.slice(0, -1))).toBe(-1);
    expect(signatures.index(cookie, `${digest}=`)).toBe(-1);
    expect(signatures.index(cookie, `${digest[0] === 'A' ? 'B' : 'A'}${digest.slice(1)}`)).toBe(-1);
    expect(signatures.index(cookie, '')).toBe(-1);
  });

  it('needs a key', () => {
    expect(() => new CookieSignatures([])).toThrow('cookie signatures need at least one key');
  });
});
