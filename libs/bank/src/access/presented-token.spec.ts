import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { BANK_TOKEN_RULES, refusalText } from '@fapi/refusal-catalogue';
import { presentedToken, refuseTokenInQuery, verifiedToken } from './presented-token';
import { challengeOf } from './unauthorized';

const request = (url: string, authorization?: string, dpop?: string) =>
  ({ url, headers: { authorization, ...(dpop === undefined ? {} : { dpop }) } }) as unknown as IncomingMessage;
const unauthorized = ObError.unauthorized();

/** The status and WWW-Authenticate a refusal is answered with. */
function refusalOf(check: () => unknown) {
  try {
    check();
  } catch (error) {
    return { status: (error as ObError).status, challenge: challengeOf(error as ObError) };
  }
  throw new Error('not refused');
}

describe('the access token comes only in the Authorization header, as Bearer or DPoP', () => {
  it('a token in the query string is refused with 401, even beside a header token', () => {
    expect(() => refuseTokenInQuery(request('/open-banking/v4.0/aisp/accounts?access_token=abc', 'Bearer abc'))).toThrow(unauthorized);
    expect(() => refuseTokenInQuery(request('/open-banking/v4.0/aisp/accounts?fromBookingDateTime=2025-01-01T00:00:00'))).not.toThrow();
  });

  it('reads a Bearer token and a DPoP token, the scheme in any case', () => {
    expect(presentedToken(request('/', 'Bearer eyJ.abc.def'))).toEqual({ scheme: 'Bearer', token: 'eyJ.abc.def' });
    expect(presentedToken(request('/', 'bearer eyJ.abc.def'))).toEqual({ scheme: 'Bearer', token: 'eyJ.abc.def' });
    expect(presentedToken(request('/', 'DPoP eyJ.abc.def'))).toEqual({ scheme: 'DPoP', token: 'eyJ.abc.def' });
    expect(presentedToken(request('/', 'dpop eyJ.abc.def'))).toEqual({ scheme: 'DPoP', token: 'eyJ.abc.def' });
  });

  it.each(['Bearer', 'Bearer two tokens'])('a malformed Bearer Authorization %j is 401 challenging Bearer', (header) => {
    expect(refusalOf(() => presentedToken(request('/', header)))).toEqual({ status: 401, challenge: 'Bearer' });
  });

  it.each([
    ['DPoP', undefined],
    ['DPoP two tokens', undefined],
    [undefined, 'eyJ.proof.jwt'],
  ])('a DPoP request (Authorization %j, DPoP proof %j) without a usable token is 401 challenging DPoP with its algs', (header, proof) => {
    expect(refusalOf(() => presentedToken(request('/', header, proof)))).toEqual({ status: 401, challenge: 'DPoP algs="PS256 ES256"' });
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz'])('no token at all (Authorization %j) is 401 offering both schemes', (header) => {
    expect(refusalOf(() => presentedToken(request('/', header)))).toEqual({ status: 401, challenge: 'Bearer, DPoP algs="PS256 ES256"' });
  });
});

describe('a token the AS did not issue is refused in the challenge of its scheme', () => {
  const refusing = { verify: () => Promise.reject(ObError.unauthorized()) };

  it('Bearer: 401 Bearer, as before DPoP', async () => {
    await expect(verifiedToken(refusing, { scheme: 'Bearer', token: 'x' })).rejects.toEqual(unauthorized);
  });

  it('DPoP: 401 DPoP error="invalid_token"', async () => {
    const refusal = await verifiedToken(refusing, { scheme: 'DPoP', token: 'x' }).catch((error: ObError) => challengeOf(error));
    expect(refusal).toBe(`DPoP error="invalid_token", error_description="${refusalText(BANK_TOKEN_RULES.tokenValid)}", algs="PS256 ES256"`);
  });

  it('the revocation store failing (500) stays a 500 in either scheme', async () => {
    const failing = { verify: () => Promise.reject(new Error('database lost')) };
    await expect(verifiedToken(failing, { scheme: 'DPoP', token: 'x' })).rejects.toThrow('database lost');
  });
});
