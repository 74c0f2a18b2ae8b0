import { expectConformsToPisSpec, expectConformsToSpec, expectObErrorResponse } from './index';

const headers = { 'x-fapi-interaction-id': '93bac548-d2de-4546-b106-880a5018460d' };

describe('expectConformsToSpec checks a response against the official v4.0 AISP OpenAPI', () => {
  it('accepts a conforming body, by full URL with a query', async () => {
    const body = { Data: { Account: [{ AccountId: 'a1', Currency: 'GBP' }] }, Links: { Self: 'https://bank/x' }, Meta: { TotalPages: 1 } };
    await expectConformsToSpec('GET', 'https://bank.example/open-banking/v4.0/aisp/accounts?x=1', 200, body, headers);
  });

  it('refuses a body that breaks the schema, a status the operation does not declare, and a missing interaction id', async () => {
    await expect(expectConformsToSpec('GET', '/open-banking/v4.0/aisp/accounts', 200, { Data: { Account: [{}] } })).rejects.toThrow(
      /does not conform/,
    );
    await expect(expectConformsToSpec('GET', '/open-banking/v4.0/aisp/accounts', 418, undefined)).rejects.toThrow(/does not declare/);
    await expect(expectConformsToSpec('DELETE', '/open-banking/v4.0/aisp/account-access-consents/c1', 204, undefined, {})).rejects.toThrow(
      /headers/,
    );
  });

  it('a status declared without content may carry nothing or an OBErrorResponse1', async () => {
    await expectConformsToSpec('DELETE', '/open-banking/v4.0/aisp/account-access-consents/c1', 204, '', headers);
    await expectConformsToSpec('POST', '/open-banking/v4.0/aisp/account-access-consents', 415, { Errors: [{ ErrorCode: 'U006' }] });
    await expect(expectConformsToSpec('POST', '/open-banking/v4.0/aisp/account-access-consents', 415, { error: 'x' })).rejects.toThrow(
      /not an OBErrorResponse1/,
    );
  });

  it('expectObErrorResponse validates an error body on its own', async () => {
    await expectObErrorResponse({ Errors: [{ ErrorCode: 'U002', Message: 'too large' }] });
    await expect(expectObErrorResponse({ Errors: [{ ErrorCode: 'TOO-LONG' }] })).rejects.toThrow();
  });
});

describe('expectConformsToPisSpec checks a response against the official v4.0 PISP OpenAPI', () => {
  const signed = { ...headers, 'x-jws-signature': 'header..signature' };
  const fundsPath = 'https://bank.example/open-banking/v4.0/pisp/domestic-payment-consents/pdc-1/funds-confirmation';
  const funds = { Data: { FundsAvailableResult: { FundsAvailableDateTime: '2026-01-01T00:00:00Z', FundsAvailable: true } }, Links: { Self: fundsPath } };

  it('accepts a conforming signed response', async () => {
    await expectConformsToPisSpec('GET', fundsPath, 200, funds, signed);
    await expectConformsToPisSpec('POST', '/open-banking/v4.0/pisp/domestic-payments', 400, { Errors: [{ ErrorCode: 'U008' }] }, signed);
  });

  it('refuses a response without the x-jws-signature the spec requires, and a path of another spec', async () => {
    await expect(expectConformsToPisSpec('GET', fundsPath, 200, funds, headers)).rejects.toThrow(/headers/);
    await expect(expectConformsToPisSpec('GET', '/open-banking/v4.0/aisp/accounts', 200, {})).rejects.toThrow(/not an operation of the PISP/);
  });

  it('a 401 has neither body nor signature', async () => {
    await expectConformsToPisSpec('POST', '/open-banking/v4.0/pisp/domestic-payments', 401, '', headers);
  });
});
