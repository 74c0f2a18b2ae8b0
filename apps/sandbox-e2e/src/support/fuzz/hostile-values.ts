import fc from 'fast-check';

/** Inputs that broke or could break a parser, a query or a page: NUL, controls, injections, odd unicode, numbers as text. */
const NOTORIOUS = [
  '\u0000', 'a\u0000b', '%00', '\r\n', '\t', "' OR 1=1 --", '"; DROP TABLE consent; --', '../../etc/passwd', '${jndi:ldap://x}',
  '<script>alert(1)</script>', '\uFEFF', '\u202Eevil', 'ÿ', '\uD800', '𝕏', '0', '-1', '1e309', 'NaN', 'null', 'undefined',
  '__proto__', 'constructor', '{}', '[]', ' ', '',
];

/** Any text a hostile caller may type: valid-looking, unicode (lone surrogates too), control characters, huge. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 8 }), weight: 2 },
  { arbitrary: fc.constantFrom(...NOTORIOUS), weight: 3 },
  { arbitrary: fc.integer({ min: 129, max: 70_000 }).map((length) => 'x'.repeat(length)), weight: 1 },
);

/** A JSON value of any type, for members of the wrong type and extra members. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
);

/** Text HTTP lets through a header: visible ASCII and Latin-1, never CR, LF or NUL. */
const ordinaryHeaderText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 }), weight: 6 },
  { arbitrary: fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 20 }), weight: 1 },
).map((text) => text.trim());

/** A header value a TPP could send: mostly ordinary lengths, rarely one past any server's header limit (a 431). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: ordinaryHeaderText, weight: 30 },
  { arbitrary: fc.integer({ min: 1000, max: 40_000 }).map((length) => 'h'.repeat(length)), weight: 1 },
);

/** One path segment: a plausible id, encoded hostile text, or a malformed percent-encoding. */
export const pathSegment = (plausible: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: plausible, weight: 3 },
    { arbitrary: hostileText.map(encodeSegment), weight: 4 },
    { arbitrary: fc.constantFrom('%', '%zz', '%C0%80', '%00', 'a%00', '%2e%2e', '..', '%2F', '%FF%FE', '%E2%80%AE'), weight: 2 },
  );

/** encodeURIComponent, which throws on a lone surrogate: then its UTF-8 replacement character's encoding. */
export function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text) || 'x';
  } catch {
    return '%EF%BF%BD';
  }
}

/** Content types a JSON endpoint may be sent, mostly right, sometimes not. */
export const jsonContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded',
      'application/jose+jwe', 'multipart/form-data; boundary=x', 'application/xml', undefined,
    ),
    weight: 3,
  },
);

/** A body as bytes on the wire: the value as JSON, or text that is not JSON at all (truncated, garbage). */
export const wireBody = (value: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: value.map((json) => JSON.stringify(json) ?? 'null'), weight: 8 },
    { arbitrary: fc.tuple(value, fc.nat()).map(([json, cut]) => { const text = JSON.stringify(json) ?? ''; return text.slice(0, cut % (text.length + 1)); }), weight: 1 },
    { arbitrary: hostileText, weight: 1 },
  );
