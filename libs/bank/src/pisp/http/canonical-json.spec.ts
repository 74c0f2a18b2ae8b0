import { canonicalJson, sameJson } from './canonical-json';
import { requestFingerprint } from './request-fingerprint';

describe('JSON values are compared as values, not as text', () => {
  it('member order does not matter, array order and values do', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 'x' }], a: null })).toBe('{"a":null,"b":[2,{"c":"x","d":1}]}');
    expect(sameJson({ a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it('the same body under one idempotency key has one fingerprint, another body another', () => {
    expect(requestFingerprint(JSON.parse('{ "Data": {"x": 1}, "Risk": {} }'))).toBe(requestFingerprint({ Risk: {}, Data: { x: 1 } }));
    expect(requestFingerprint({ Data: { x: 1 } })).not.toBe(requestFingerprint({ Data: { x: 2 } }));
  });
});
