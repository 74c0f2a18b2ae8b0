import type { IncomingMessage, ServerResponse } from 'node:http';
import { assignInteractionId } from './interaction-id';

function exchange(sent?: string) {
  const headers = new Map<string, unknown>();
  const response = { headersSent: false, getHeader: (n: string) => headers.get(n), setHeader: (n: string, v: unknown) => headers.set(n, v) };
  return {
    request: { headers: sent === undefined ? {} : { 'x-fapi-interaction-id': sent } } as unknown as IncomingMessage,
    response: response as unknown as ServerResponse,
    headers,
  };
}

describe('every response carries x-fapi-interaction-id', () => {
  it('echoes a UUID the TPP sent', () => {
    const { request, response, headers } = exchange('93BAC548-D2DE-4546-B106-880A5018460D');
    expect(assignInteractionId(request, response)).toBe('93BAC548-D2DE-4546-B106-880A5018460D');
    expect(headers.get('x-fapi-interaction-id')).toBe('93BAC548-D2DE-4546-B106-880A5018460D');
  });

  it.each([undefined, '', 'not-a-uuid', '93bac548-d2de-4546-b106-880a5018460d; drop table'])('makes a fresh UUID when the TPP sent %j', (sent) => {
    const { request, response } = exchange(sent);
    expect(assignInteractionId(request, response)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps the id it chose first for the response', () => {
    const { request, response } = exchange();
    expect(assignInteractionId(request, response)).toBe(assignInteractionId(request, response));
  });
});
