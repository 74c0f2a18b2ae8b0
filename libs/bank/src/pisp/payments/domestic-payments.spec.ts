import { Requests } from '@fapi/nats-contract';
import { eventually } from '@fapi/testing';
import { BankStore } from '../../ledger/bank-store';
import { paymentIdOf } from './payment-order-rules';
import { errorCodes, PISP, startPispWorld, type PispTpp, type PispWorld } from '../../testing/pisp-world';
import type { BankResponse } from '../../testing/tpp-client';

const CONSENTS = `${PISP}/domestic-payment-consents`;
const PAYMENTS = `${PISP}/domestic-payments`;
const NOAH_MAIN = { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Noah Okafor' };
const initiation = (amount: string, id: string) => ({
  InstructionIdentification: id,
  EndToEndIdentification: `e2e-${id}`,
  InstructedAmount: { Amount: amount, Currency: 'GBP' },
  CreditorAccount: NOAH_MAIN,
  RemittanceInformation: { Unstructured: ['Dinner'] },
});
const RISK = { PaymentContextCode: 'TransferToThirdParty' };

type PaymentBody = { Data: { DomesticPaymentId: string; Status: string; ConsentId: string } };
const dataOf = (response: BankResponse) => (response.body as PaymentBody).Data;

describe('domestic payments: consent, authorisation, funds confirmation, payment, settlement — signed, exactly once', () => {
  let world: PispWorld;
  let store: BankStore;
  let clientToken: string;
  beforeAll(async () => {
    world = await startPispWorld('pisp_payments');
    store = BankStore.connect(world.bank.databaseUrl);
    clientToken = await world.clientToken(world.tppA);
  }, 60_000);
  afterAll(async () => {
    await store?.disconnect();
    await world?.stop();
  });

  let consents = 0;
  /** A consent of `tpp` for `amount` (with `data` in its Data), authorised by Mia from her everyday account; its Initiation and Risk. */
  async function authorisedConsent(amount = '12.34', tpp: PispTpp = world.tppA, data: object = {}) {
    const order = { Initiation: initiation(amount, `instr-${++consents}`), Risk: RISK };
    const response = await world.post(tpp, CONSENTS, { Data: { ...data, Initiation: order.Initiation }, Risk: RISK }, { token: await world.clientToken(tpp) });
    expect(response.status).toBe(201);
    const consentId = (response.body as { Data: { ConsentId: string } }).Data.ConsentId;
    world.authorise(consentId, 'psu-mia', 'acc-mia-everyday');
    return { consentId, ...order, token: await world.consentToken(tpp, consentId) };
  }
  const paymentOrder = ({ consentId, Initiation, Risk }: { consentId: string; Initiation: object; Risk: object }) => ({
    Data: { ConsentId: consentId, Initiation },
    Risk,
  });
  const balanceOf = async (accountId: string) => (await store.prisma.account.findUniqueOrThrow({ where: { accountId } })).balanceMinor;

  const settled = (paymentId: string, status: string): Promise<BankResponse> =>
    eventually(
      async () => {
        const response = await world.get(world.tppA, `${PAYMENTS}/${paymentId}`, clientToken);
        return dataOf(response).Status === status ? response : undefined;
      },
      `payment ${paymentId} to become ${status}`,
      { attempts: 200, intervalMs: 50 },
    );

  async function expectRefusal(response: BankResponse, status: number, codes: string[], method: string, path: string) {
    expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status, codes });
    await world.expectPisResponse(method, path, response);
  }

  it('a PSU pays another customer: funds confirmed, payment RCVD, settled to ACCC, money moved, details from its history', async () => {
    const [miaBefore, noahBefore] = [await balanceOf('acc-mia-everyday'), await balanceOf('acc-noah-everyday')];
    const consent = await authorisedConsent('25.00');

    const fundsPath = `${CONSENTS}/${consent.consentId}/funds-confirmation`;
    const funds = await world.get(world.tppA, fundsPath, consent.token);
    expect(funds.status).toBe(200);
    expect(funds.body).toMatchObject({ Data: { FundsAvailableResult: { FundsAvailable: true, FundsAvailableDateTime: expect.any(String) } } });
    await world.expectPisResponse('GET', fundsPath, funds);

    const created = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
    expect(created.status).toBe(201);
    const payment = dataOf(created);
    expect(payment).toMatchObject({ ConsentId: consent.consentId, Status: 'RCVD', Initiation: consent.Initiation });
    await world.expectPisResponse('POST', PAYMENTS, created);
    expect(world.consents.get(consent.consentId)).toMatchObject({ status: 'COND', paymentId: payment.DomesticPaymentId });

    const final = await settled(payment.DomesticPaymentId, 'ACCC');
    await world.expectPisResponse('GET', `${PAYMENTS}/${payment.DomesticPaymentId}`, final);
    expect([await balanceOf('acc-mia-everyday'), await balanceOf('acc-noah-everyday')]).toEqual([miaBefore - 2500, noahBefore + 2500]);

    const detailsPath = `${PAYMENTS}/${payment.DomesticPaymentId}/payment-details`;
    const details = await world.get(world.tppA, detailsPath, clientToken);
    expect(details.status).toBe(200);
    expect((details.body as { Data: { PaymentStatus: { Status: string }[] } }).Data.PaymentStatus.map((entry) => entry.Status)).toEqual(['ACSP', 'ACSC', 'ACCC']);
    await world.expectPisResponse('GET', detailsPath, details);
  });

  it('a payment the account cannot afford: funds-confirmation says so; the payment is received, then RJCT with its reason', async () => {
    const consent = await authorisedConsent('999999.00');
    const funds = await world.get(world.tppA, `${CONSENTS}/${consent.consentId}/funds-confirmation`, consent.token);
    expect(funds.body).toMatchObject({ Data: { FundsAvailableResult: { FundsAvailable: false } } });
    const created = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
    expect([created.status, dataOf(created).Status]).toEqual([201, 'RCVD']);
    const rejected = await settled(dataOf(created).DomesticPaymentId, 'RJCT');
    expect(rejected.body).toMatchObject({ Data: { StatusReason: [{ StatusReasonCode: 'AM04' }] } });
    await world.expectPisResponse('GET', `${PAYMENTS}/${dataOf(created).DomesticPaymentId}`, rejected);
  });

  describe('the payment names the account that paid (Data.Debtor) exactly when its consent had ReadRefundAccount Yes', () => {
    const MIA_EVERYDAY = { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000001', Name: 'Mia Hartley' };

    /** A payment made from a consent with `data`: its POST response, then its GET response. */
    async function paymentFromConsentWith(data: object) {
      const consent = await authorisedConsent('2.00', world.tppA, data);
      const created = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
      expect(created.status).toBe(201);
      await world.expectPisResponse('POST', PAYMENTS, created);
      const path = `${PAYMENTS}/${dataOf(created).DomesticPaymentId}`;
      const read = await world.get(world.tppA, path, clientToken);
      expect(read.status).toBe(200);
      await world.expectPisResponse('GET', path, read);
      return [created, read].map((response) => (response.body as { Data: { Debtor?: unknown } }).Data);
    }

    it('Yes: the POST and GET responses carry the debtor account as the bank names it', async () => {
      const [created, read] = await paymentFromConsentWith({ ReadRefundAccount: 'Yes' });
      expect(created.Debtor).toEqual(MIA_EVERYDAY);
      expect(read.Debtor).toEqual(MIA_EVERYDAY);
    });

    it.each([
      ['No', { ReadRefundAccount: 'No' }],
      ['absent', {}],
    ])('%s: neither response carries a Debtor', async (_flag, data) => {
      for (const payment of await paymentFromConsentWith(data)) expect(payment).not.toHaveProperty('Debtor');
    });
  });

  describe('exactly once', () => {
    it('50 concurrent identical POSTs with one key: one payment, one debit, 50 identical 201 bodies', async () => {
      const consent = await authorisedConsent('3.21');
      const before = await balanceOf('acc-mia-everyday');
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token, idempotencyKey: 'pay-burst' })),
      );
      expect(new Set(responses.map((response) => response.status))).toEqual(new Set([201]));
      expect(new Set(responses.map((response) => response.text)).size).toBe(1);
      const paymentId = dataOf(responses[0]).DomesticPaymentId;
      await settled(paymentId, 'ACCC');
      expect(await store.prisma.domesticPayment.count({ where: { consentId: consent.consentId } })).toBe(1);
      expect(world.consentService.received(Requests.consumeDomesticPaymentConsent).filter((request) => request.consentId === consent.consentId)).toHaveLength(1);
      expect(await store.prisma.posting.count({ where: { paymentId, creditDebit: 'Debit' } })).toBe(1);
      expect(await balanceOf('acc-mia-everyday')).toBe(before - 321);
      for (const response of responses.slice(0, 3)) await world.verifyBankSignature(response);
    });

    it('a retry with the same key and body after the payment was made answers the original 201 body', async () => {
      const consent = await authorisedConsent();
      const first = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token, idempotencyKey: 'pay-retry' });
      const again = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token, idempotencyKey: 'pay-retry' });
      expect([again.status, again.text]).toEqual([201, first.text]);
    });

    it('the same key with another body is 400 U006', async () => {
      const consent = await authorisedConsent();
      await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token, idempotencyKey: 'pay-other-body' });
      const changed = { ...paymentOrder(consent), Risk: {} };
      await expectRefusal(await world.post(world.tppA, PAYMENTS, changed, { token: consent.token, idempotencyKey: 'pay-other-body' }), 400, ['U006'], 'POST', PAYMENTS);
    });

    it('a retry after a crash between consuming the consent and storing the payment finishes that same payment', async () => {
      const consent = await authorisedConsent('4.56');
      const paymentId = paymentIdOf(consent.consentId);
      world.consents.change(consent.consentId, { status: 'COND', paymentId });
      const retried = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
      expect([retried.status, dataOf(retried).DomesticPaymentId, dataOf(retried).Status]).toEqual([201, paymentId, 'RCVD']);
      await settled(paymentId, 'ACCC');
      await expectRefusal(await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token }), 400, ['U009'], 'POST', PAYMENTS);
    });

    it('a second payment on a consumed consent (another key) is 400 U009', async () => {
      const consent = await authorisedConsent();
      expect((await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token })).status).toBe(201);
      await expectRefusal(await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token }), 400, ['U009'], 'POST', PAYMENTS);
    });

    it('a second payment (another key) that read the consent before the first consumed it is 400 U009, not the first’s 201', async () => {
      const consent = await authorisedConsent();
      const first = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
      expect([first.status, dataOf(first).Status]).toEqual([201, 'RCVD']);
      world.consents.change(consent.consentId, { status: 'AUTH' }); // what the second request read, before the first consumed it
      const second = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
      await expectRefusal(second, 400, ['U009'], 'POST', PAYMENTS);
    });

    it('10 concurrent payments on one consent under 10 keys: one 201, nine 400 U009, one payment', async () => {
      const consent = await authorisedConsent('1.11');
      const responses = await Promise.all(Array.from({ length: 10 }, () => world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token })));
      expect(responses.map((response) => `${response.status} ${errorCodes(response).join()}`).sort()).toEqual(['201 ', ...Array(9).fill('400 U009')]);
      expect(await store.prisma.domesticPayment.count({ where: { consentId: consent.consentId } })).toBe(1);
    });
  });

  describe('refusals', () => {
    it('a body that differs from the consent is 400 U008, and the consent stays usable', async () => {
      const consent = await authorisedConsent('10.00');
      const other = paymentOrder({ ...consent, Initiation: initiation('10.01', 'other') });
      await expectRefusal(await world.post(world.tppA, PAYMENTS, other, { token: consent.token }), 400, ['U008'], 'POST', PAYMENTS);
      expect(world.consents.get(consent.consentId)?.status).toBe('AUTH');
    });

    it('a consent that is not authorised is 400 U009 for a payment and for funds confirmation', async () => {
      const consent = await authorisedConsent();
      world.consents.change(consent.consentId, { status: 'RJCT' });
      await expectRefusal(await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token }), 400, ['U009'], 'POST', PAYMENTS);
      const fundsPath = `${CONSENTS}/${consent.consentId}/funds-confirmation`;
      await expectRefusal(await world.get(world.tppA, fundsPath, consent.token), 400, ['U009'], 'GET', fundsPath);
    });

    it('a token for another consent is 403, for the payment and for funds confirmation', async () => {
      const [mine, other] = [await authorisedConsent(), await authorisedConsent()];
      await expectRefusal(await world.post(world.tppA, PAYMENTS, paymentOrder(mine), { token: other.token }), 403, ['U006'], 'POST', PAYMENTS);
      const fundsPath = `${CONSENTS}/${mine.consentId}/funds-confirmation`;
      await expectRefusal(await world.get(world.tppA, fundsPath, other.token), 403, ['U006'], 'GET', fundsPath);
    });

    it('a consent of another client is 403, even with a token naming it', async () => {
      const theirs = await authorisedConsent('1.00', world.tppB);
      const token = await world.consentToken(world.tppA, theirs.consentId);
      await expectRefusal(await world.post(world.tppA, PAYMENTS, paymentOrder(theirs), { token }), 403, ['U006'], 'POST', PAYMENTS);
      expect(world.consents.get(theirs.consentId)?.status).toBe('AUTH');
    });

    it('funds confirmation with a client-credentials token is 403', async () => {
      const consent = await authorisedConsent();
      const fundsPath = `${CONSENTS}/${consent.consentId}/funds-confirmation`;
      await expectRefusal(await world.get(world.tppA, fundsPath, clientToken), 403, ['U006'], 'GET', fundsPath);
    });

    it('a payment token presented over another client certificate is 401 with no body', async () => {
      const consent = await authorisedConsent();
      const response = await world.post(world.tppB, PAYMENTS, paymentOrder(consent), { token: consent.token });
      expect([response.status, response.text]).toEqual([401, '']);
      await world.expectPisResponse('POST', PAYMENTS, response);
    });

    it('a payment without x-jws-signature is 400 U019; with a tampered body 400 U015; without idempotency key 400 U007', async () => {
      const consent = await authorisedConsent();
      const body = JSON.stringify(paymentOrder(consent));
      await expectRefusal(await world.post(world.tppA, PAYMENTS, undefined, { token: consent.token, rawBody: body, signature: null }), 400, ['U019'], 'POST', PAYMENTS);
      const signature = await world.sign(world.tppA, body);
      const tampered = body.replace('"Amount":"12.34"', '"Amount":"12.35"');
      await expectRefusal(await world.post(world.tppA, PAYMENTS, undefined, { token: consent.token, rawBody: tampered, signature }), 400, ['U015'], 'POST', PAYMENTS);
      await expectRefusal(await world.post(world.tppA, PAYMENTS, undefined, { token: consent.token, rawBody: body, idempotencyKey: null }), 400, ['U007'], 'POST', PAYMENTS);
      expect(world.consents.get(consent.consentId)?.status).toBe('AUTH');
    });

    it('a payment of another client, or an unknown one, is 400 U011', async () => {
      const theirs = await authorisedConsent('1.00', world.tppB);
      const paid = await world.post(world.tppB, PAYMENTS, paymentOrder(theirs), { token: theirs.token });
      const paymentId = dataOf(paid).DomesticPaymentId;
      for (const path of [`${PAYMENTS}/${paymentId}`, `${PAYMENTS}/${paymentId}/payment-details`, `${PAYMENTS}/dp-unknown`]) {
        await expectRefusal(await world.get(world.tppA, path, clientToken), 400, ['U011'], 'GET', path);
      }
    });

    it('reading a payment with a PSU-authorised token is 403', async () => {
      const consent = await authorisedConsent();
      const paid = await world.post(world.tppA, PAYMENTS, paymentOrder(consent), { token: consent.token });
      const path = `${PAYMENTS}/${dataOf(paid).DomesticPaymentId}`;
      await expectRefusal(await world.get(world.tppA, path, consent.token), 403, ['U006'], 'GET', path);
    });
  });
});
