import { AccountInfoApi } from './account-info-api';

const consentRequest = (body: unknown) => ({
  method: 'post',
  path: '/open-banking/v4.0/aisp/account-access-consents',
  headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
  body,
});

describe('request bodies are validated against the official v4.0 OpenAPI, with OB error codes', () => {
  let api: AccountInfoApi;
  beforeAll(async () => {
    api = await AccountInfoApi.load();
  });

  it('a valid OBReadConsent1 passes', () => {
    const body = { Data: { Permissions: ['ReadAccountsBasic'], ExpirationDateTime: '2030-01-01T00:00:00+00:00' }, Risk: {} };
    expect(api.validateRequest('CreateAccountAccessConsents', consentRequest(body))).toEqual([]);
  });

  it('a missing field is U004 with its path', () => {
    expect(api.validateRequest('CreateAccountAccessConsents', consentRequest({ Data: { Permissions: ['ReadAccountsBasic'] } }))).toEqual([
      expect.objectContaining({ ErrorCode: 'U004', Path: 'Risk' }),
    ]);
  });

  it('an empty Permissions array is U004', () => {
    expect(api.validateRequest('CreateAccountAccessConsents', consentRequest({ Data: { Permissions: [] }, Risk: {} }))).toEqual([
      expect.objectContaining({ ErrorCode: 'U004', Path: 'Data.Permissions' }),
    ]);
  });

  it('a wrong type or unknown permission is U002, an unexpected field U005, a bad date U003', () => {
    const errors = api.validateRequest(
      'CreateAccountAccessConsents',
      consentRequest({ Data: { Permissions: ['ReadAccountsBasic', 'ReadAll'], ExpirationDateTime: 'tomorrow' }, Risk: { x: 1 } }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorCode: 'U002', Path: 'Data.Permissions[1]' }),
        expect.objectContaining({ ErrorCode: 'U003', Path: 'Data.ExpirationDateTime' }),
        expect.objectContaining({ ErrorCode: 'U005', Path: 'Risk.x' }),
      ]),
    );
    expect(api.validateRequest('CreateAccountAccessConsents', consentRequest({ Data: 'all', Risk: {} }))).toEqual([
      expect.objectContaining({ ErrorCode: 'U002', Path: 'Data' }),
    ]);
  });

  it('a malformed header is U006 naming the header', () => {
    const request = consentRequest({ Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} });
    request.headers = { ...request.headers, 'x-fapi-auth-date': 'yesterday' } as typeof request.headers;
    expect(api.validateRequest('CreateAccountAccessConsents', request)).toEqual([
      expect.objectContaining({ ErrorCode: 'U006', Path: 'x-fapi-auth-date' }),
    ]);
  });

  it('finds operations by method and path and checks response bodies', () => {
    const operation = api.operationAt('GET', '/open-banking/v4.0/aisp/accounts/abc/balances');
    expect(operation?.operationId).toBe('GetAccountsAccountIdBalances');
    expect(api.responseBodyProblems(operation!, 400, { Errors: [{ ErrorCode: 'U011' }] })).toEqual([]);
    expect(api.responseBodyProblems(operation!, 400, { Errors: [] })).not.toEqual([]);
    expect(api.operationAt('GET', '/open-banking/v4.0/aisp/nothing-here')).toBeUndefined();
    expect(api.methodsAt('/open-banking/v4.0/aisp/account-access-consents/c1')).toEqual(['GET', 'DELETE']);
    expect(api.methodsAt('/open-banking/v4.0/aisp/nothing-here')).toEqual([]);
  });
});
