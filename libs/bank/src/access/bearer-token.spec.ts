import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { bearerTokenOf, refuseTokenInQuery } from './bearer-token';

const request = (url: string, authorization?: string) => ({ url, headers: { authorization } }) as unknown as IncomingMessage;
const unauthorized = ObError.unauthorized();

describe('the access token comes only in the Authorization header', () => {
  it('a token in the query string is refused with 401, even beside a header token', () => {
    expect(() => refuseTokenInQuery(request('/open-banking/v4.0/aisp/accounts?access_token=abc', 'Bearer abc'))).toThrow(unauthorized);
    expect(() => refuseTokenInQuery(request('/open-banking/v4.0/aisp/accounts?fromBookingDateTime=2025-01-01T00:00:00'))).not.toThrow();
  });

  it('reads a Bearer token', () => {
    expect(bearerTokenOf(request('/', 'Bearer eyJ.abc.def'))).toBe('eyJ.abc.def');
    expect(bearerTokenOf(request('/', 'bearer eyJ.abc.def'))).toBe('eyJ.abc.def');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens', 'DPoP eyJ.abc.def'])('refuses Authorization %j with 401', (header) => {
    expect(() => bearerTokenOf(request('/', header))).toThrow(unauthorized);
  });
});
