import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { outcomeOf } from '../testing/outcome';
import { readJsonBody } from './json-body';

function request(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers }) as unknown as IncomingMessage;
}

describe('request bodies are read by the bank itself', () => {
  it('parses a JSON body (a charset parameter is fine)', async () => {
    await expect(readJsonBody(request('{"a":1}', { 'content-type': 'application/json; charset=utf-8' }))).resolves.toEqual({ a: 1 });
  });

  it('another media type is 415 U006', async () => {
    expect(await outcomeOf(() => readJsonBody(request('{}', { 'content-type': 'application/x-www-form-urlencoded' })))).toBe('415 U006');
    expect(await outcomeOf(() => readJsonBody(request('{}', {})))).toBe('415 U006');
  });

  it('a body over the limit is 413 U002, whether declared or streamed', async () => {
    expect(await outcomeOf(() => readJsonBody(request('{}', { 'content-type': 'application/json', 'content-length': '70000' }), 65536))).toBe('413 U002');
    expect(await outcomeOf(() => readJsonBody(request(`"${'x'.repeat(100)}"`), 50))).toBe('413 U002');
  });

  it('malformed JSON is 400 U010', async () => {
    expect(await outcomeOf(() => readJsonBody(request('{"a":')))).toBe('400 U010');
  });
});
