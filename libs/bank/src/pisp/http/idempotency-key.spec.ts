import type { IncomingMessage } from 'node:http';
import { requireIdempotencyKey } from './idempotency-key';

const request = (key?: string | string[]) => ({ headers: key === undefined ? {} : { 'x-idempotency-key': key } }) as unknown as IncomingMessage;

function outcome(key?: string | string[]): string {
  try {
    return `key ${requireIdempotencyKey(request(key))}`;
  } catch (error) {
    const { status, errors } = error as { status: number; errors: { ErrorCode: string; Path: string }[] };
    return `${status} ${errors[0].ErrorCode} ${errors[0].Path}`;
  }
}

describe('a PISP POST carries an x-idempotency-key of at most 40 characters without surrounding white space', () => {
  it('accepts a key of 1 to 40 characters', () => {
    expect(outcome('k')).toBe('key k');
    expect(outcome('a key with inner spaces')).toBe('key a key with inner spaces');
    expect(outcome('k'.repeat(40))).toBe(`key ${'k'.repeat(40)}`);
  });

  it('a missing key is 400 U007 naming the header', () => {
    expect(outcome()).toBe('400 U007 x-idempotency-key');
  });

  it.each([['41 characters', 'k'.repeat(41)], ['empty', ''], ['a leading space', ' key'], ['a trailing tab', 'key\t']])(
    'a key with %s is 400 U006 naming the header',
    (_case, key) => {
      expect(outcome(key)).toBe('400 U006 x-idempotency-key');
    },
  );
});
