import { randomUUID } from 'node:crypto';
import { signDetachedJws } from '@fapi/message-signing';
import { authorizeIntent, grantAccountAccess, IndependentTpp, type TokenSet } from '../support/independent-tpp';
import { bookedBalance } from '../support/balances';
import { onboardFintech } from '../support/onboarding';

const NOAH = { username: 'noah', password: 'noah-sandbox-pass' };
const AVA = { username: 'ava', password: 'ava-sandbox-pass' };

interface ConsentResponse {
  Data: { ConsentId: string; Status: string; Initiation: Record<string, unknown> };
  Risk: Record<string, unknown>;
}
interface PaymentResponse {
  Data: { DomesticPaymentId: string; ConsentId: string; Status: string };
}

describe('a fintech pays from a PSU’s account, exactly once, with signed messages both ways', () => {
  let tpp: IndependentTpp;
  let noahReads: TokenSet;
  let avaReads: TokenSet;
  let consent: ConsentResponse;
  let paymentToken: TokenSet;
  let before: { noah: number; ava: number };
  const initiation = {
    InstructionIdentification: `rent-${Date.now()}`,
    EndToEndIdentification: 'RENT-NOV-2026',
    InstructedAmount: { Amount: '125.40', Currency: 'GBP' },
    CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000022', Name: 'Ava Lindqvist' },
    RemittanceInformation: { Structured: [{ CreditorReferenceInformation: { Reference: 'Flat 2 rent' } }] }, // v4.0 shape
  };

  beforeAll(async () => {
    tpp = new IndependentTpp(
      onboardFintech('Rent Collector', ['--redirect-uri', 'https://rent.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
    // Accounts no other story asserts exact figures on: stories share one sandbox.
    noahReads = (await grantAccountAccess(tpp, { ...NOAH, accountIds: ['acc-noah-savings'] }, ['ReadAccountsBasic', 'ReadBalances'])).tokens;
    avaReads = (await grantAccountAccess(tpp, { ...AVA, accountIds: ['acc-ava-savings'] }, ['ReadAccountsBasic', 'ReadBalances'])).tokens;
    before = {
      noah: await bookedBalance(tpp, noahReads.access_token, 'acc-noah-savings'),
      ava: await bookedBalance(tpp, avaReads.access_token, 'acc-ava-savings'),
    };
  });

  afterAll(async () => {
    await tpp.close();
  });

  it('creates a signed payment consent, idempotently', async () => {
    const { access_token } = await tpp.clientCredentialsToken('payments');
    const key = randomUUID();
    const body = { Data: { Initiation: initiation }, Risk: {} };
    const created = await tpp.pisp<ConsentResponse>('POST', 'domestic-payment-consents', access_token, body, { idempotencyKey: key });
    expect(created.status).toBe(201);
    expect(created.body.Data.Status).toBe('AWAU');
    consent = created.body;

    const again = await tpp.pisp<ConsentResponse>('POST', 'domestic-payment-consents', access_token, body, { idempotencyKey: key });
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: created.body });

    const changed = await tpp.pisp('POST', 'domestic-payment-consents', access_token, { ...body, Data: { Initiation: { ...initiation, EndToEndIdentification: 'OTHER' } } }, { idempotencyKey: key });
    expect(changed.status).toBe(400);
  });

  it('is refused a consent without a signature, or with a tampered one', async () => {
    const { access_token } = await tpp.clientCredentialsToken('payments');
    const body = { Data: { Initiation: initiation }, Risk: {} };
    const unsigned = await tpp.pisp<{ Errors: Array<{ ErrorCode: string }> }>('POST', 'domestic-payment-consents', access_token, body, { idempotencyKey: randomUUID(), signature: false });
    expect({ status: unsigned.status, code: unsigned.body.Errors[0].ErrorCode }).toEqual({ status: 400, code: 'U019' });

    const tampered = await tpp.pisp<{ Errors: Array<{ ErrorCode: string }> }>(
      'POST',
      'domestic-payment-consents',
      access_token,
      { ...body, Risk: { PaymentContextCode: 'BillingGoodsAndServicesInAdvance' } },
      { idempotencyKey: randomUUID(), signature: await signatureOf(tpp, body) }, // signed before the body changed
    );
    expect({ status: tampered.status, code: tampered.body.Errors[0].ErrorCode }).toEqual({ status: 400, code: 'U015' });
  });

  it('Noah authorises the payment from his savings account; funds are confirmed only with his token', async () => {
    paymentToken = await authorizeIntent(tpp, consent.Data.ConsentId, 'openid payments', NOAH, { debtorAccountId: 'acc-noah-savings' });
    const resource = `domestic-payment-consents/${consent.Data.ConsentId}/funds-confirmation`;
    const funds = await tpp.pisp<{ Data: { FundsAvailableResult: { FundsAvailable: boolean } } }>('GET', resource, paymentToken.access_token);
    expect(funds.status).toBe(200);
    expect(funds.body.Data.FundsAvailableResult.FundsAvailable).toBe(true);

    const withClientCredentials = await tpp.pisp('GET', resource, (await tpp.clientCredentialsToken('payments')).access_token);
    expect(withClientCredentials.status).toBe(403);
  });

  it('50 identical payment requests with one idempotency key make one payment, settled once', async () => {
    const key = randomUUID();
    const body = { Data: { ConsentId: consent.Data.ConsentId, Initiation: consent.Data.Initiation }, Risk: consent.Risk };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => tpp.pisp<PaymentResponse>('POST', 'domestic-payments', paymentToken.access_token, body, { idempotencyKey: key })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    const paymentId = answers[0].body.Data.DomesticPaymentId;
    expect(['RCVD', 'ACSP', 'ACSC', 'ACCC']).toContain(answers[0].body.Data.Status);

    const cc = (await tpp.clientCredentialsToken('payments')).access_token;
    let status = '';
    for (let attempt = 0; attempt < 100 && status !== 'ACCC'; attempt++) {
      const read = await tpp.pisp<PaymentResponse>('GET', `domestic-payments/${paymentId}`, cc);
      status = read.body.Data.Status;
      if (status !== 'ACCC') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('ACCC'); // internal payee: settled on the creditor account too

    const consentNow = await tpp.pisp<ConsentResponse>('GET', `domestic-payment-consents/${consent.Data.ConsentId}`, cc);
    expect(consentNow.body.Data.Status).toBe('COND');

    expect(await bookedBalance(tpp, noahReads.access_token, 'acc-noah-savings')).toBe(before.noah - 12540);
    expect(await bookedBalance(tpp, avaReads.access_token, 'acc-ava-savings')).toBe(before.ava + 12540);
  });

  it('a consumed consent cannot pay again', async () => {
    const body = { Data: { ConsentId: consent.Data.ConsentId, Initiation: consent.Data.Initiation }, Risk: consent.Risk };
    const second = await tpp.pisp<{ Errors: Array<{ ErrorCode: string }> }>('POST', 'domestic-payments', paymentToken.access_token, body, { idempotencyKey: randomUUID() });
    expect({ status: second.status, code: second.body.Errors[0].ErrorCode }).toEqual({ status: 400, code: 'U009' });
  });
});

function signatureOf(tpp: IndependentTpp, body: unknown): Promise<string> {
  return signDetachedJws(JSON.stringify(body), tpp.onboarded.signingKey, { kid: tpp.onboarded.signingKid, iss: tpp.clientId });
}
