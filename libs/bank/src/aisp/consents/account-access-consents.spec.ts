import { Requests } from '@fapi/nats-contract';
import { expectConformsToSpec, expectObErrorResponse } from '@fapi/open-banking/testing';
import { AISP, startAispWorld, type AispWorld } from '../../testing/aisp-world';
import { BANK_URL } from '../../testing/bank-under-test';
import type { BankResponse } from '../../testing/tpp-client';

const CONSENTS = `${AISP}/account-access-consents`;
const VALID_REQUEST = {
  Data: {
    Permissions: ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsDetail', 'ReadTransactionsCredits', 'ReadTransactionsDebits'],
    ExpirationDateTime: '2099-01-01T00:00:00+00:00',
    TransactionFromDateTime: '2025-04-01T00:00:00+00:00',
    TransactionToDateTime: '2025-06-30T23:59:59+00:00',
  },
  Risk: {},
};

const errorCodes = (response: BankResponse) => (response.body as { Errors: { ErrorCode: string }[] }).Errors.map((e) => e.ErrorCode);

describe('account-access-consents (client-credentials token, consents kept by consent-service)', () => {
  let world: AispWorld;
  let token: string;
  beforeAll(async () => {
    world = await startAispWorld('consents');
    token = await world.clientToken();
  }, 60_000);
  afterAll(() => world?.stop());

  const post = (body: unknown, headers?: Record<string, string>) => world.tppA.call('POST', CONSENTS, { token, json: body, headers });

  async function expectSpecError(method: string, path: string, response: BankResponse, status: number, codes: string[]) {
    expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status, codes });
    await expectConformsToSpec(method, path, response.status, response.body, response.headers);
  }

  describe('happy paths', () => {
    it('POST creates an AWAU consent for the client of the token and echoes the interaction id', async () => {
      const interactionId = '6d3b0c4e-9a1f-4f7e-8c2d-1b5a7e9f0c3d';
      const response = await post(VALID_REQUEST, { 'x-fapi-interaction-id': interactionId });
      expect(response.status).toBe(201);
      expect(response.headers['x-fapi-interaction-id']).toBe(interactionId);
      const { Data, Links, Risk } = response.body as { Data: Record<string, unknown>; Links: { Self: string }; Risk: object };
      expect(Data).toEqual({
        ConsentId: expect.any(String),
        CreationDateTime: expect.any(String),
        Status: 'AWAU',
        StatusUpdateDateTime: expect.any(String),
        ...VALID_REQUEST.Data,
      });
      expect(Risk).toEqual({});
      expect(Links.Self).toBe(`${BANK_URL}${CONSENTS}/${Data.ConsentId}`);
      expect(world.consentService.received(Requests.createAccountAccessConsent).at(-1)).toEqual({
        clientId: 'tpp-a',
        permissions: VALID_REQUEST.Data.Permissions,
        expirationDateTime: VALID_REQUEST.Data.ExpirationDateTime,
        transactionFromDateTime: VALID_REQUEST.Data.TransactionFromDateTime,
        transactionToDateTime: VALID_REQUEST.Data.TransactionToDateTime,
      });
      await expectConformsToSpec('POST', CONSENTS, 201, response.body, response.headers);
    });

    it('GET returns the client’s own consent', async () => {
      const created = await post({ Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} });
      const consentId = (created.body as { Data: { ConsentId: string } }).Data.ConsentId;
      const response = await world.tppA.call('GET', `${CONSENTS}/${consentId}`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ Data: { ConsentId: consentId, Status: 'AWAU', Permissions: ['ReadAccountsBasic'] } });
      expect(response.headers['x-fapi-interaction-id']).toMatch(/^[0-9a-f-]{36}$/);
      await expectConformsToSpec('GET', `${CONSENTS}/${consentId}`, 200, response.body, response.headers);
    });

    it('DELETE revokes the consent (CANC at consent-service) with 204 and no body', async () => {
      const consent = world.consents.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'], status: 'AUTH', psuId: 'psu-mia', accountIds: ['acc-mia-everyday'] });
      const response = await world.tppA.call('DELETE', `${CONSENTS}/${consent.consentId}`, { token });
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect(world.consents.get(consent.consentId)?.status).toBe('CANC');
      await expectConformsToSpec('DELETE', `${CONSENTS}/${consent.consentId}`, 204, response.body, response.headers);
    });
  });

  describe('refusals', () => {
    it('an unknown consent id is 400 U011', async () => {
      const response = await world.tppA.call('GET', `${CONSENTS}/consent-unknown`, { token });
      await expectSpecError('GET', `${CONSENTS}/consent-unknown`, response, 400, ['U011']);
    });

    it('a consent of another client is not found either (400 U011), for GET and DELETE', async () => {
      const theirs = world.consents.put({ clientId: 'tpp-b', permissions: ['ReadAccountsBasic'], status: 'AUTH' });
      const read = await world.tppA.call('GET', `${CONSENTS}/${theirs.consentId}`, { token });
      await expectSpecError('GET', `${CONSENTS}/${theirs.consentId}`, read, 400, ['U011']);
      const deleted = await world.tppA.call('DELETE', `${CONSENTS}/${theirs.consentId}`, { token });
      await expectSpecError('DELETE', `${CONSENTS}/${theirs.consentId}`, deleted, 400, ['U011']);
      expect(world.consents.get(theirs.consentId)?.status).toBe('AUTH');
    });

    it('deleting an already revoked consent is 400 U009', async () => {
      const revoked = world.consents.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'], status: 'CANC' });
      const response = await world.tppA.call('DELETE', `${CONSENTS}/${revoked.consentId}`, { token });
      await expectSpecError('DELETE', `${CONSENTS}/${revoked.consentId}`, response, 400, ['U009']);
    });

    it('a token authorised for a consent (authorization code) cannot manage consents: 403', async () => {
      const consent = world.consents.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'], status: 'AUTH', psuId: 'psu-mia' });
      const response = await world.tppA.call('GET', `${CONSENTS}/${consent.consentId}`, { token: await world.consentToken(consent) });
      await expectSpecError('GET', `${CONSENTS}/${consent.consentId}`, response, 403, ['U006']);
    });

    it('a token without the accounts scope is 403', async () => {
      const response = await world.tppA.call('POST', CONSENTS, { token: await world.clientToken({ claims: { scope: 'openid payments' } }), json: VALID_REQUEST });
      await expectSpecError('POST', CONSENTS, response, 403, ['U006']);
    });

    it('no token is 401 with no body', async () => {
      const response = await world.tppA.call('POST', CONSENTS, { json: VALID_REQUEST });
      expect([response.status, response.body]).toEqual([401, '']);
      await expectConformsToSpec('POST', CONSENTS, 401, response.body, response.headers);
    });
  });

  describe('bad input is a 4xx with an OBErrorResponse1, and the bank keeps serving', () => {
    it.each([
      ['missing Risk', { Data: { Permissions: ['ReadAccountsBasic'] } }, ['U004']],
      ['missing Data', { Risk: {} }, ['U004']],
      ['empty Permissions', { Data: { Permissions: [] }, Risk: {} }, ['U004']],
      ['Permissions not an array', { Data: { Permissions: 'ReadAccountsBasic' }, Risk: {} }, ['U002']],
      ['an unknown permission', { Data: { Permissions: ['ReadAccountsBasic', 'ReadEverything'] }, Risk: {} }, ['U002']],
      ['a date that is not a date-time', { Data: { Permissions: ['ReadAccountsBasic'], ExpirationDateTime: 'soon' }, Risk: {} }, ['U003']],
      ['an unexpected field in Risk', { Data: { Permissions: ['ReadAccountsBasic'] }, Risk: { Extra: 1 } }, ['U005']],
      ['no ReadAccounts permission', { Data: { Permissions: ['ReadBalances'] }, Risk: {} }, ['U004']],
      ['transactions without credits/debits', { Data: { Permissions: ['ReadAccountsBasic', 'ReadTransactionsBasic'] }, Risk: {} }, ['U001']],
      ['debits without transactions', { Data: { Permissions: ['ReadAccountsBasic', 'ReadTransactionsDebits'] }, Risk: {} }, ['U001']],
      ['an expiry in the past', { Data: { Permissions: ['ReadAccountsBasic'], ExpirationDateTime: '2020-01-01T00:00:00Z' }, Risk: {} }, ['U003']],
      [
        'a transaction window that ends before it starts',
        { Data: { Permissions: ['ReadAccountsBasic'], TransactionFromDateTime: '2025-05-01T00:00:00Z', TransactionToDateTime: '2025-04-01T00:00:00Z' }, Risk: {} },
        ['U003'],
      ],
      ['a JSON array', [], ['U002']],
    ])('%s: 400 %j', async (_case, body, codes) => {
      await expectSpecError('POST', CONSENTS, await post(body), 400, codes);
    });

    it('malformed JSON: 400 U010', async () => {
      const response = await world.tppA.call('POST', CONSENTS, { token, rawBody: '{"Data": {', headers: { 'content-type': 'application/json' } });
      await expectSpecError('POST', CONSENTS, response, 400, ['U010']);
    });

    it('an empty body: 400 U010', async () => {
      const response = await world.tppA.call('POST', CONSENTS, { token, rawBody: '', headers: { 'content-type': 'application/json' } });
      await expectSpecError('POST', CONSENTS, response, 400, ['U010']);
    });

    it('a wrong Content-Type: 415 U006 naming the header', async () => {
      const response = await world.tppA.call('POST', CONSENTS, { token, rawBody: JSON.stringify(VALID_REQUEST), headers: { 'content-type': 'text/plain' } });
      await expectSpecError('POST', CONSENTS, response, 415, ['U006']);
      expect(response.body).toMatchObject({ Errors: [{ Path: 'Content-Type' }] });
    });

    it('a malformed x-fapi-auth-date header: 400 U006', async () => {
      const response = await post(VALID_REQUEST, { 'x-fapi-auth-date': 'yesterday' });
      await expectSpecError('POST', CONSENTS, response, 400, ['U006']);
    });

    it('a body over 64 KB: 413 U002, and the bank still serves afterwards', async () => {
      const huge = { ...VALID_REQUEST, Data: { ...VALID_REQUEST.Data, Padding: 'x'.repeat(70 * 1024) } };
      const response = await post(huge);
      expect([response.status, errorCodes(response)]).toEqual([413, ['U002']]);
      await expectObErrorResponse(response.body);
      expect(response.headers['x-fapi-interaction-id']).toBeDefined();
      expect((await post(VALID_REQUEST)).status).toBe(201);
    });

    it('a path of the spec asked with a method it does not define is 405 with Allow and no body', async () => {
      const response = await world.tppA.call('PUT', `${CONSENTS}/consent-1`, { token, json: VALID_REQUEST });
      expect([response.status, response.body, response.headers.allow]).toEqual([405, '', 'GET, DELETE']);
      expect(response.headers['x-fapi-interaction-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('an unknown route, or an endpoint of the spec the sandbox does not implement, is 404 with no body', async () => {
      for (const path of [`${AISP}/no-such-thing`, `${AISP}/beneficiaries`]) {
        const response = await world.tppA.call('GET', path, { token });
        expect([response.status, response.body]).toEqual([404, '']);
        expect(response.headers['x-fapi-interaction-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });
});
