import { Logger } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { Requests, sandboxNatsClient } from '@fapi/nats-contract';
import { expectConformsToSpec, expectObErrorResponse } from '@fapi/open-banking/testing';
import { grantAccountAccess, IndependentTpp } from '../support/independent-tpp';
import { sandbox } from '../support/sandbox-state';

const CONSENTS = 'account-access-consents';

/** Sends a raw body to the consent endpoint with a valid token, as a buggy or hostile client might. */
async function postRaw(tpp: IndependentTpp, body: string, contentType = 'application/json') {
  const { access_token } = await tpp.clientCredentialsToken();
  return tpp.call<{ Errors: Array<{ ErrorCode: string }> }>('POST', `${sandbox().bankUrl}/open-banking/v4.0/aisp/${CONSENTS}`, {
    headers: { authorization: `Bearer ${access_token}`, 'content-type': contentType },
    body,
  });
}

describe('the bank protects itself and its customers', () => {
  let tpp: IndependentTpp;

  beforeAll(() => {
    Logger.overrideLogger(['error']); // the back office's NATS client would log its connection status
    tpp = new IndependentTpp(sandbox().tppClientDir);
  });

  afterAll(async () => {
    await tpp.close();
  });

  it.each([
    ['malformed JSON', '{"Data": {"Permissions": [', 400, 'U010'],
    ['a missing Risk', JSON.stringify({ Data: { Permissions: ['ReadAccountsBasic'] } }), 400, 'U004'],
    ['Permissions of the wrong type', JSON.stringify({ Data: { Permissions: 'ReadAccountsBasic' }, Risk: {} }), 400, 'U002'],
    ['an unknown permission', JSON.stringify({ Data: { Permissions: ['ReadAccountsBasic', 'ReadMinds'] }, Risk: {} }), 400, 'U002'],
    ['transactions without credits or debits', JSON.stringify({ Data: { Permissions: ['ReadAccountsBasic', 'ReadTransactionsBasic'] }, Risk: {} }), 400, 'U001'],
    ['no accounts permission', JSON.stringify({ Data: { Permissions: ['ReadBalances'] }, Risk: {} }), 400, 'U004'],
  ])('a consent request with %s gets %i %s in the OB error format', async (_case, body, status, code) => {
    const answer = await postRaw(tpp, body);
    await expectConformsToSpec('POST', `/open-banking/v4.0/aisp/${CONSENTS}`, answer.status, answer.body, answer.headers);
    expect({ status: answer.status, codes: answer.body.Errors.map((error) => error.ErrorCode) }).toEqual({ status, codes: [code] });
  });

  it('an oversized body is refused with an OB error, and the bank keeps serving', async () => {
    const oversized = await postRaw(tpp, JSON.stringify({ Data: { Permissions: ['ReadAccountsBasic'] }, Risk: { Padding: 'x'.repeat(200_000) } }));
    expect(oversized.status).toBe(413);
    await expectObErrorResponse(oversized.body);

    const valid = await postRaw(tpp, JSON.stringify({ Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} }));
    expect(valid.status).toBe(201);
  });

  it('when the bank revokes a consent (CANC), the fintech’s access token stops working within a second', async () => {
    const { consentId, tokens } = await grantAccountAccess(tpp, { username: 'mia', password: 'mia-sandbox-pass', accountIds: ['acc-mia-everyday'] }, ['ReadAccountsBasic']);
    expect((await tpp.bank('GET', 'accounts', tokens.access_token)).status).toBe(200);

    // The bank's back office revokes through the consent service, as its staff dashboard would.
    const backOffice = ClientProxyFactory.create(sandboxNatsClient(sandbox()));
    try {
      const revoked = await firstValueFrom(backOffice.send(Requests.revokeAccountAccessConsent, { consentId, revokedBy: 'ASPSP' }));
      expect(revoked).toMatchObject({ ok: true, value: { status: 'CANC' } });
    } finally {
      await backOffice.close();
    }

    const deadline = Date.now() + 1000;
    let status = 0;
    do {
      status = (await tpp.bank('GET', 'accounts', tokens.access_token)).status;
    } while (status === 200 && Date.now() < deadline);
    expect(status).toBe(403);
    const consent = await tpp.bank<{ Data: { Status: string } }>('GET', `${CONSENTS}/${consentId}`, (await tpp.clientCredentialsToken()).access_token);
    expect(consent.body.Data.Status).toBe('CANC');
  });
});
