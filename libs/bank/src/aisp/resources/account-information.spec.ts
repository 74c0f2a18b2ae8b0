import type { AccountAccessConsent } from '@fapi/nats-contract';
import type { OBReadAccount6, OBReadBalance1, OBReadTransaction6 } from '@fapi/open-banking';
import { expectConformsToSpec } from '@fapi/open-banking/testing';
import { AISP, startAispWorld, type AispWorld } from '../../testing/aisp-world';
import { BANK_URL } from '../../testing/bank-under-test';
import type { BankResponse, TppClient } from '../../testing/tpp-client';

const DETAIL = ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsDetail', 'ReadTransactionsCredits', 'ReadTransactionsDebits'] as const;
/** Mia authorised the consent for her two accounts. */
const MIA = { status: 'AUTH' as const, psuId: 'psu-mia', accountIds: ['acc-mia-everyday', 'acc-mia-savings'] };

describe('accounts, balances and transactions (token authorised by the PSU for a consent)', () => {
  let world: AispWorld;
  let detailConsent: AccountAccessConsent;
  let detailToken: string;
  beforeAll(async () => {
    world = await startAispWorld('resources');
    detailConsent = world.consents.put({ clientId: 'tpp-a', permissions: [...DETAIL], ...MIA });
    detailToken = await world.consentToken(detailConsent);
  }, 60_000);
  afterAll(() => world?.stop());

  /** GETs as TPP A and checks the response against the official OpenAPI before handing it to the test. */
  async function get(path: string, token = detailToken, client: TppClient = world.tppA, headers?: Record<string, string>): Promise<BankResponse> {
    const response = await client.call('GET', `${AISP}${path}`, { token, headers });
    await expectConformsToSpec('GET', `${AISP}${path}`, response.status, response.body, response.headers);
    return response;
  }
  const refusal = (response: BankResponse) => ({
    status: response.status,
    codes: typeof response.body === 'object' ? (response.body as { Errors: { ErrorCode: string }[] }).Errors.map((e) => e.ErrorCode) : response.body,
  });

  describe('with ReadAccountsDetail, ReadBalances and ReadTransactionsDetail (credits and debits)', () => {
    it('GET accounts lists the consented accounts with their identification', async () => {
      const response = await get('/accounts');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        Data: {
          Account: [
            {
              AccountId: 'acc-mia-everyday',
              Status: 'Enabled',
              StatusUpdateDateTime: '2019-03-14T00:00:00.000Z',
              Currency: 'GBP',
              AccountCategory: 'Personal',
              AccountTypeCode: 'CACC',
              Nickname: 'Everyday',
              OpeningDate: '2019-03-14T00:00:00.000Z',
              Account: [{ SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000001', Name: 'Mia Hartley' }],
            },
            {
              AccountId: 'acc-mia-savings',
              Status: 'Enabled',
              StatusUpdateDateTime: '2020-07-01T00:00:00.000Z',
              Currency: 'GBP',
              AccountCategory: 'Personal',
              AccountTypeCode: 'SVGS',
              Nickname: 'Rainy day savings',
              OpeningDate: '2020-07-01T00:00:00.000Z',
              Account: [{ SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000002', Name: 'Mia Hartley' }],
            },
          ],
        },
        Links: { Self: `${BANK_URL}${AISP}/accounts` },
        Meta: { TotalPages: 1 },
      });
    });

    it('GET accounts/{AccountId} returns that account', async () => {
      const response = await get('/accounts/acc-mia-savings');
      expect(response.status).toBe(200);
      expect((response.body as OBReadAccount6).Data.Account?.map((a) => a.AccountId)).toEqual(['acc-mia-savings']);
      expect((response.body as OBReadAccount6).Links?.Self).toBe(`${BANK_URL}${AISP}/accounts/acc-mia-savings`);
    });

    it('GET balances gives InterimBooked and InterimAvailable of every consented account', async () => {
      const response = await get('/balances');
      expect(response.status).toBe(200);
      const balance = (AccountId: string, Type: string, Amount: string, DateTime: string) => ({
        AccountId,
        CreditDebitIndicator: 'Credit',
        Type,
        DateTime,
        Amount: { Amount, Currency: 'GBP' },
      });
      expect((response.body as OBReadBalance1).Data.Balance).toEqual([
        balance('acc-mia-everyday', 'ITBD', '4071.18', '2025-06-25T17:30:00.000Z'),
        balance('acc-mia-everyday', 'ITAV', '4071.18', '2025-06-25T17:30:00.000Z'),
        balance('acc-mia-savings', 'ITBD', '5179.42', '2025-06-29T02:00:00.000Z'),
        balance('acc-mia-savings', 'ITAV', '5179.42', '2025-06-29T02:00:00.000Z'),
      ]);
    });

    it('GET accounts/{AccountId}/balances gives that account only', async () => {
      const response = await get('/accounts/acc-mia-savings/balances');
      expect((response.body as OBReadBalance1).Data.Balance.map((b) => [b.AccountId, b.Type, b.Amount.Amount])).toEqual([
        ['acc-mia-savings', 'ITBD', '5179.42'],
        ['acc-mia-savings', 'ITAV', '5179.42'],
      ]);
    });

    it('GET accounts/{AccountId}/transactions lists all 36 with the Detail fields and running balances', async () => {
      const response = await get('/accounts/acc-mia-everyday/transactions');
      expect(response.status).toBe(200);
      const transactions = (response.body as OBReadTransaction6).Data.Transaction!;
      expect(transactions).toHaveLength(36);
      expect(transactions[0]).toEqual({
        AccountId: 'acc-mia-everyday',
        TransactionId: 'acc-mia-everyday-001',
        TransactionReference: 'NORTHWIND PAYROLL',
        CreditDebitIndicator: 'Credit',
        Status: 'BOOK',
        TransactionMutability: 'Immutable',
        BookingDateTime: '2025-04-01T09:00:00.000Z',
        ValueDateTime: '2025-04-01T09:00:00.000Z',
        Amount: { Amount: '2450.00', Currency: 'GBP' },
        ProprietaryBankTransactionCode: { Code: 'CreditTransfer', Issuer: 'FAPI Sandbox Bank' },
        TransactionInformation: 'SALARY NORTHWIND TRADING LTD',
        Balance: { CreditDebitIndicator: 'Credit', Type: 'ITBD', Amount: { Amount: '3650.00', Currency: 'GBP' } },
        DebtorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '40051571234567', Name: 'Northwind Trading Ltd' },
      });
      expect(transactions[2]).toEqual({
        AccountId: 'acc-mia-everyday',
        TransactionId: 'acc-mia-everyday-003',
        CreditDebitIndicator: 'Debit',
        Status: 'BOOK',
        TransactionMutability: 'Immutable',
        BookingDateTime: '2025-04-03T18:20:00.000Z',
        ValueDateTime: '2025-04-03T18:20:00.000Z',
        Amount: { Amount: '63.42', Currency: 'GBP' },
        ProprietaryBankTransactionCode: { Code: 'CardPayment', Issuer: 'FAPI Sandbox Bank' },
        TransactionInformation: 'TESCO STORES 2041 LONDON',
        Balance: { CreditDebitIndicator: 'Credit', Type: 'ITBD', Amount: { Amount: '2636.58', Currency: 'GBP' } },
        MerchantDetails: { MerchantName: 'Tesco Stores', MerchantCategoryCode: '5411' },
      });
      expect(transactions[35].Balance?.Amount.Amount).toBe('4071.18');
      expect(response.body).toMatchObject({
        Links: {
          Self: `${BANK_URL}${AISP}/accounts/acc-mia-everyday/transactions`,
          First: `${BANK_URL}${AISP}/accounts/acc-mia-everyday/transactions?page=1`,
          Last: `${BANK_URL}${AISP}/accounts/acc-mia-everyday/transactions?page=1`,
        },
        Meta: { TotalPages: 1 },
      });
      expect((response.body as OBReadTransaction6).Links).not.toHaveProperty('Next');
    });

    it('GET transactions lists the transactions of every consented account, oldest first, in pages of 50 linked by Links.Next', async () => {
      const first = (await get('/transactions')).body as OBReadTransaction6;
      expect(first.Data.Transaction).toHaveLength(50);
      expect(first.Data.Transaction!.slice(0, 2).map((t) => t.TransactionId)).toEqual(['acc-mia-savings-001', 'acc-mia-everyday-001']);
      expect(first.Meta).toEqual({ TotalPages: 2 });
      expect(first.Links).toEqual({
        Self: `${BANK_URL}${AISP}/transactions`,
        First: `${BANK_URL}${AISP}/transactions?page=1`,
        Next: `${BANK_URL}${AISP}/transactions?page=2`,
        Last: `${BANK_URL}${AISP}/transactions?page=2`,
      });

      const second = (await get(first.Links!.Next!.slice(BANK_URL.length + AISP.length))).body as OBReadTransaction6;
      expect(second.Links).toEqual({
        Self: `${BANK_URL}${AISP}/transactions?page=2`,
        First: `${BANK_URL}${AISP}/transactions?page=1`,
        Prev: `${BANK_URL}${AISP}/transactions?page=1`,
        Last: `${BANK_URL}${AISP}/transactions?page=2`,
      });
      const all = [...first.Data.Transaction!, ...second.Data.Transaction!];
      expect(all).toHaveLength(72);
      expect(new Set(all.map((t) => t.TransactionId)).size).toBe(72);
      const booked = all.map((t) => t.BookingDateTime);
      expect(booked).toEqual([...booked].sort());
      // the running balance goes on across the page boundary: the savings account's last is its balance
      expect(all.filter((t) => t.AccountId === 'acc-mia-savings').at(-1)!.Balance?.Amount.Amount).toBe('5179.42');
    });

    it('the page links keep the booking-date filters', async () => {
      const filtered = (await get('/transactions?fromBookingDateTime=2025-04-15T00:00:00')).body as OBReadTransaction6;
      expect(filtered.Meta?.TotalPages).toBe(2);
      expect(filtered.Links?.Next).toBe(`${BANK_URL}${AISP}/transactions?fromBookingDateTime=2025-04-15T00%3A00%3A00&page=2`);
      const next = (await get(filtered.Links!.Next!.slice(BANK_URL.length + AISP.length))).body as OBReadTransaction6;
      expect(next.Data.Transaction!.every((t) => t.BookingDateTime >= '2025-04-15')).toBe(true);
      expect(filtered.Data.Transaction!.length + next.Data.Transaction!.length).toBeLessThan(72);
    });

    it.each(['0', '-1', '1.5', 'two', '99999999'])('a page %j that is no page number is 400 U002 naming page', async (page) => {
      const response = await get(`/transactions?page=${page}`);
      expect(refusal(response)).toEqual({ status: 400, codes: ['U002'] });
      expect((response.body as { Errors: Array<{ Path?: string; Message: string }> }).Errors[0]).toMatchObject({ Path: 'page', Message: expect.stringContaining('rule ob.transactions.page') });
    });

    it('a page past the last is 400 U002', async () => {
      const response = await get('/transactions?page=3');
      expect(refusal(response)).toEqual({ status: 400, codes: ['U002'] });
      expect((response.body as { Errors: Array<{ Message: string }> }).Errors[0].Message).toContain('page 3 is past the last page');
    });

    it('fromBookingDateTime/toBookingDateTime narrow the list', async () => {
      const response = await get('/accounts/acc-mia-everyday/transactions?fromBookingDateTime=2025-06-19T00:00:00&toBookingDateTime=2025-06-30T00:00:00');
      expect((response.body as OBReadTransaction6).Data.Transaction!.map((t) => t.TransactionId)).toEqual([
        'acc-mia-everyday-034',
        'acc-mia-everyday-035',
        'acc-mia-everyday-036',
      ]);
      expect((response.body as OBReadTransaction6).Links?.Self).toBe(
        `${BANK_URL}${AISP}/accounts/acc-mia-everyday/transactions?fromBookingDateTime=2025-06-19T00:00:00&toBookingDateTime=2025-06-30T00:00:00`,
      );
    });

    it('a malformed booking date is 400 U003', async () => {
      expect(refusal(await get('/transactions?fromBookingDateTime=last-week'))).toEqual({ status: 400, codes: ['U003'] });
    });
  });

  describe('with Basic permissions, credits only, and a transaction window (May 2025)', () => {
    let token: string;
    beforeAll(async () => {
      const consent = world.consents.put({
        clientId: 'tpp-a',
        permissions: ['ReadAccountsBasic', 'ReadTransactionsBasic', 'ReadTransactionsCredits'],
        status: 'AUTH',
        psuId: 'psu-mia',
        accountIds: ['acc-mia-everyday'],
        transactionFromDateTime: '2025-05-01T00:00:00+00:00',
        transactionToDateTime: '2025-05-31T23:59:59+00:00',
      });
      token = await world.consentToken(consent);
    });

    it('accounts come without their identification', async () => {
      const response = await get('/accounts', token);
      expect((response.body as OBReadAccount6).Data.Account).toEqual([
        {
          AccountId: 'acc-mia-everyday',
          Status: 'Enabled',
          StatusUpdateDateTime: '2019-03-14T00:00:00.000Z',
          Currency: 'GBP',
          AccountCategory: 'Personal',
          AccountTypeCode: 'CACC',
          Nickname: 'Everyday',
          OpeningDate: '2019-03-14T00:00:00.000Z',
        },
      ]);
    });

    it('transactions are the credits inside the consent window, without Detail fields', async () => {
      const response = await get('/transactions', token);
      expect((response.body as OBReadTransaction6).Data.Transaction).toEqual([
        expect.objectContaining({ TransactionId: 'acc-mia-everyday-013', BookingDateTime: '2025-05-01T09:00:00.000Z', Amount: { Amount: '2450.00', Currency: 'GBP' } }),
        expect.objectContaining({ TransactionId: 'acc-mia-everyday-023', BookingDateTime: '2025-05-23T14:05:00.000Z', Amount: { Amount: '34.50', Currency: 'GBP' } }),
        expect.objectContaining({ TransactionId: 'acc-mia-everyday-025', BookingDateTime: '2025-05-31T09:00:00.000Z', Amount: { Amount: '2612.50', Currency: 'GBP' } }),
      ]);
      for (const transaction of (response.body as OBReadTransaction6).Data.Transaction!) {
        expect(transaction.CreditDebitIndicator).toBe('Credit');
        for (const field of ['TransactionInformation', 'Balance', 'MerchantDetails', 'CreditorAccount', 'DebtorAccount']) expect(transaction).not.toHaveProperty(field);
      }
    });

    it('a query window cannot widen the consent window', async () => {
      const response = await get('/transactions?fromBookingDateTime=2025-01-01T00:00:00Z&toBookingDateTime=2025-05-20T00:00:00Z', token);
      expect((response.body as OBReadTransaction6).Data.Transaction!.map((t) => t.TransactionId)).toEqual(['acc-mia-everyday-013']);
    });

    it('balances without ReadBalances are 403', async () => {
      expect(refusal(await get('/balances', token))).toEqual({ status: 403, codes: ['U006'] });
      expect(refusal(await get('/accounts/acc-mia-everyday/balances', token))).toEqual({ status: 403, codes: ['U006'] });
    });

    it('an account not in the consent is 403, an account that does not exist is 400 U011', async () => {
      expect(refusal(await get('/accounts/acc-mia-savings', token))).toEqual({ status: 403, codes: ['U006'] });
      expect(refusal(await get('/accounts/acc-noah-business/transactions', token))).toEqual({ status: 403, codes: ['U006'] });
      expect(refusal(await get('/accounts/acc-nobody/transactions', token))).toEqual({ status: 400, codes: ['U011'] });
    });
  });

  it('ReadTransactionsDebits alone shows only debits', async () => {
    const consent = world.consents.put({
      clientId: 'tpp-a',
      permissions: ['ReadAccountsBasic', 'ReadTransactionsDetail', 'ReadTransactionsDebits'],
      status: 'AUTH',
      psuId: 'psu-ava',
      accountIds: ['acc-ava-travel'],
    });
    const transactions = ((await get('/transactions', await world.consentToken(consent))).body as OBReadTransaction6).Data.Transaction!;
    expect(transactions).toHaveLength(30);
    expect(new Set(transactions.map((t) => t.CreditDebitIndicator))).toEqual(new Set(['Debit']));
    expect(transactions.at(-1)?.Balance).toEqual({ CreditDebitIndicator: 'Debit', Type: 'ITBD', Amount: { Amount: '69.59', Currency: 'GBP' } });
  });

  describe('the consent behind the token is checked on every request', () => {
    it.each(['AWAU', 'RJCT', 'CANC', 'EXPD'] as const)('a %s consent is 403 U009', async (status) => {
      const consent = world.consents.put({ clientId: 'tpp-a', permissions: [...DETAIL], ...MIA, status });
      expect(refusal(await get('/accounts', await world.consentToken(consent)))).toEqual({ status: 403, codes: ['U009'] });
    });

    it('a consent whose ExpirationDateTime has passed is 403 U009', async () => {
      const consent = world.consents.put({ clientId: 'tpp-a', permissions: [...DETAIL], ...MIA, expirationDateTime: '2025-01-01T00:00:00+00:00' });
      expect(refusal(await get('/accounts', await world.consentToken(consent)))).toEqual({ status: 403, codes: ['U009'] });
    });

    it('a consent of another client is 403', async () => {
      const theirs = world.consents.put({ clientId: 'tpp-b', permissions: [...DETAIL], ...MIA });
      expect(refusal(await get('/accounts', await world.consentToken(theirs)))).toEqual({ status: 403, codes: ['U006'] });
    });

    it('a consent unknown to consent-service is 403', async () => {
      const token = await world.consentToken({ ...detailConsent, consentId: 'consent-never-made' });
      expect(refusal(await get('/accounts', token))).toEqual({ status: 403, codes: ['U006'] });
    });

    it('a revoked consent stops working immediately', async () => {
      const consent = world.consents.put({ clientId: 'tpp-a', permissions: [...DETAIL], ...MIA });
      const token = await world.consentToken(consent);
      expect((await get('/accounts', token)).status).toBe(200);
      const revoked = await world.tppA.call('DELETE', `${AISP}/account-access-consents/${consent.consentId}`, { token: await world.clientToken() });
      expect(revoked.status).toBe(204);
      expect(refusal(await get('/accounts', token))).toEqual({ status: 403, codes: ['U009'] });
    });

    it('a client-credentials token cannot read accounts: 403', async () => {
      expect(refusal(await get('/accounts', await world.clientToken()))).toEqual({ status: 403, codes: ['U006'] });
    });
  });

  describe('the access token (401 with no body; 403 for the scope)', () => {
    const path = '/accounts';

    it('no token', async () => {
      expect(refusal(await world.tppA.call('GET', `${AISP}${path}`))).toEqual({ status: 401, codes: '' });
    });

    it('an invalid signature', async () => {
      expect(refusal(await get(path, await world.consentToken(detailConsent, { unknownKey: true })))).toEqual({ status: 401, codes: '' });
    });

    it('an expired token', async () => {
      const exp = Math.floor(Date.now() / 1000) - 60;
      expect(refusal(await get(path, await world.consentToken(detailConsent, { claims: { exp } })))).toEqual({ status: 401, codes: '' });
    });

    it('a token for another audience', async () => {
      const token = await world.consentToken(detailConsent, { claims: { aud: 'https://other-bank.localhost' } });
      expect(refusal(await get(path, token))).toEqual({ status: 401, codes: '' });
    });

    it('a token in the query string, even a valid one, with or without the header', async () => {
      const query = `${AISP}${path}?access_token=${detailToken}`;
      expect(refusal(await world.tppA.call('GET', query))).toEqual({ status: 401, codes: '' });
      expect(refusal(await world.tppA.call('GET', query, { token: detailToken }))).toEqual({ status: 401, codes: '' });
    });

    it('a client certificate other than the one the token is bound to', async () => {
      expect(refusal(await get(path, detailToken, world.tppB))).toEqual({ status: 401, codes: '' });
    });

    it('no client certificate', async () => {
      expect(refusal(await get(path, detailToken, world.noCertificate))).toEqual({ status: 401, codes: '' });
    });

    it('a client certificate from a CA other than the sandbox CA, even when the token names it', async () => {
      const token = await world.tokenFor(world.bank.certificates.foreignTpp, { claims: { sub: 'psu-mia', openbanking_intent_id: detailConsent.consentId } });
      expect(refusal(await get(path, token, world.foreignCa))).toEqual({ status: 401, codes: '' });
    });

    it('a token without the accounts scope is 403', async () => {
      const token = await world.consentToken(detailConsent, { claims: { scope: 'openid payments' } });
      expect(refusal(await get(path, token))).toEqual({ status: 403, codes: ['U006'] });
    });

    it('an ES256 token is accepted as well as PS256', async () => {
      expect((await get(path, await world.consentToken(detailConsent, { alg: 'ES256' }))).status).toBe(200);
    });
  });

  describe('every response carries x-fapi-interaction-id', () => {
    const interactionId = 'b0f0b3a4-5a2e-4c8f-9d41-2f6b8e1c7a90';
    it('echoed on success and on refusals', async () => {
      expect((await get('/accounts', detailToken, world.tppA, { 'x-fapi-interaction-id': interactionId })).headers['x-fapi-interaction-id']).toBe(interactionId);
      expect((await get('/accounts', 'bad-token', world.tppA, { 'x-fapi-interaction-id': interactionId })).headers['x-fapi-interaction-id']).toBe(interactionId);
    });

    it('a fresh one when the TPP sent none or not a UUID', async () => {
      const response = await get('/accounts', detailToken, world.tppA, { 'x-fapi-interaction-id': 'hello' });
      expect(response.headers['x-fapi-interaction-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  it('an unexpected failure is 500 U000 with the interaction id and no stack, and the bank keeps serving', async () => {
    const consent = world.consents.put({ clientId: 'tpp-a', permissions: [...DETAIL], ...MIA });
    world.consents.unreadable.add(consent.consentId);
    const response = await get('/accounts', await world.consentToken(consent));
    const interactionId = response.headers['x-fapi-interaction-id'];
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      Id: interactionId,
      Errors: [{ ErrorCode: 'U000', Message: 'An unexpected error occurred; quote the x-fapi-interaction-id to the bank' }],
    });
    expect((await get('/accounts')).status).toBe(200);
  });
});
