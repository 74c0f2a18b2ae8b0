/**
 * The domestic payment consent lifecycle over real NATS and PostgreSQL (see ConsentServiceTestbed), in its own
 * database fapi_unit_consent_payments.
 */
import type { INestMicroservice } from '@nestjs/common';
import {
  type CreateDomesticPaymentConsent,
  type DomesticPaymentConsentStatus,
  type DomesticPaymentConsentStatusChanged,
  Events,
  type RequestSubject,
  Requests,
  type RpcErrorCode,
} from '@fapi/nats-contract';
import { ConsentServiceTestbed, SWEEP_OFF_MS, TPP_A, TPP_B, valueOf } from '../testing/consent-service-testbed';

const testbed = new ConsentServiceTestbed('fapi_unit_consent_payments');
let service: INestMicroservice;
let events: DomesticPaymentConsentStatusChanged[];

beforeAll(async () => {
  await testbed.start();
  events = await testbed.record(Events.domesticPaymentConsentStatusChanged);
  service = await testbed.startService(SWEEP_OFF_MS);
}, 60_000);

afterAll(async () => {
  await service?.close();
  await testbed.stop();
});

const refusal = (code: RpcErrorCode) => ({ ok: false, error: { code, message: expect.any(String) } });

/** An OB v4 Initiation and Risk as a TPP sends them (kept verbatim, nested objects included). */
const INITIATION = {
  InstructionIdentification: 'ACME412',
  EndToEndIdentification: 'FRESCO.21302.GFX.20',
  InstructedAmount: { Amount: '165.88', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '08080021325698', Name: 'ACME Inc' },
  RemittanceInformation: { Reference: 'FRESCO-101', Unstructured: 'Internal ops code 5120101' },
};
const RISK = { PaymentContextCode: 'EcommerceGoods', MerchantCategoryCode: '5967' };
const SUMMARY = {
  amount: '165.88',
  currency: 'GBP',
  creditorName: 'ACME Inc',
  creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
  creditorIdentification: '08080021325698',
  reference: 'FRESCO-101',
};

const create = async (overrides: Partial<CreateDomesticPaymentConsent> = {}) =>
  valueOf(
    await testbed.caller.request(Requests.createDomesticPaymentConsent, {
      clientId: TPP_A,
      initiation: INITIATION,
      risk: RISK,
      summary: SUMMARY,
      ...overrides,
    }),
  );

const createWithFixedDebtor = (debtorAccountId: string) => create({ summary: { ...SUMMARY, debtorAccountId } });

const get = (consentId: string, clientId?: string) => testbed.caller.request(Requests.getDomesticPaymentConsent, { consentId, clientId });

const authorise = (consentId: string, debtorAccountId = 'acc-1', clientId = TPP_A) =>
  testbed.caller.request(Requests.authoriseDomesticPaymentConsent, { consentId, clientId, psuId: 'psu-1', debtorAccountId });

const reject = (consentId: string, clientId = TPP_A) => testbed.caller.request(Requests.rejectDomesticPaymentConsent, { consentId, clientId });

const consume = (consentId: string, paymentId: string, clientId = TPP_A) =>
  testbed.caller.request(Requests.consumeDomesticPaymentConsent, { consentId, clientId, paymentId });

const statusChangeOf = (consentId: string, status: DomesticPaymentConsentStatus) => testbed.statusChangeOf(events, consentId, status);

/** Every event of `consentId` emitted so far: a later consent's RJCT event fences the wait (one publisher, in order). */
async function allEventsOf(consentId: string): Promise<DomesticPaymentConsentStatus[]> {
  const fence = await create();
  valueOf(await reject(fence.consentId));
  await statusChangeOf(fence.consentId, 'RJCT');
  return events.filter((event) => event.consentId === consentId).map((event) => event.status);
}

const historyOf = (consentId: string) => testbed.historyOf(consentId);

/** An authorised consent, ready to be consumed. */
async function authorised() {
  const { consentId } = await create();
  valueOf(await authorise(consentId));
  return consentId;
}

describe('domestic payment consents on NATS', () => {
  it('a consent goes AWAU -> AUTH -> COND, each change announced on NATS and kept in its history', async () => {
    const created = await createWithFixedDebtor('acc-1');
    expect(created.consentId).toMatch(/^pdc-[0-9a-f-]{36}$/);
    expect(created).toMatchObject({ clientId: TPP_A, status: 'AWAU', initiation: INITIATION, risk: RISK, summary: { ...SUMMARY, debtorAccountId: 'acc-1' } });
    expect(created.creationDateTime).toBe(created.statusUpdateDateTime);

    const authorisedConsent = valueOf(await authorise(created.consentId, 'acc-1'));
    expect(authorisedConsent).toMatchObject({ status: 'AUTH', psuId: 'psu-1', debtorAccountId: 'acc-1' });
    expect(await statusChangeOf(created.consentId, 'AUTH')).toMatchObject({
      clientId: TPP_A,
      previousStatus: 'AWAU',
      at: authorisedConsent.statusUpdateDateTime,
    });

    const consumed = valueOf(await consume(created.consentId, 'pay-1'));
    expect(consumed).toMatchObject({ status: 'COND', paymentId: 'pay-1', psuId: 'psu-1', debtorAccountId: 'acc-1' });
    expect(await statusChangeOf(created.consentId, 'COND')).toMatchObject({ previousStatus: 'AUTH', at: consumed.statusUpdateDateTime });
    expect(valueOf(await get(created.consentId, TPP_A))).toEqual(consumed);

    expect(await historyOf(created.consentId)).toEqual([
      { fromStatus: null, toStatus: 'AWAU', reason: `created by client ${TPP_A}` },
      { fromStatus: 'AWAU', toStatus: 'AUTH', reason: 'authorised by PSU psu-1 from account acc-1' },
      { fromStatus: 'AUTH', toStatus: 'COND', reason: 'consumed by payment pay-1' },
    ]);
  });

  it('Initiation and Risk come back exactly as the TPP sent them', async () => {
    const initiation = { ...INITIATION, SupplementaryData: { nested: [1, 'two', { three: null }] } };
    const { consentId } = await create({ initiation, risk: {} });
    const read = valueOf(await get(consentId));
    expect(read.initiation).toEqual(initiation);
    expect(read.risk).toEqual({});
  });

  it('when the TPP left the debtor account open, the PSU authorises from the account they chose', async () => {
    const { consentId, summary } = await create();
    expect(summary.debtorAccountId).toBeUndefined();
    expect(valueOf(await authorise(consentId, 'acc-chosen'))).toMatchObject({ status: 'AUTH', debtorAccountId: 'acc-chosen' });
  });

  it('the PSU rejecting a consent makes it RJCT, announced on NATS', async () => {
    const { consentId } = await create();
    expect(valueOf(await reject(consentId)).status).toBe('RJCT');
    expect(await statusChangeOf(consentId, 'RJCT')).toMatchObject({ previousStatus: 'AWAU' });
  });

  describe('consuming again', () => {
    it('with the same payment id answers the consumed consent again, changing and announcing nothing', async () => {
      const consentId = await authorised();
      const first = valueOf(await consume(consentId, 'pay-retry'));
      expect(await consume(consentId, 'pay-retry')).toEqual({ ok: true, value: first });
      expect((await historyOf(consentId)).filter((change) => change.toStatus === 'COND')).toHaveLength(1);
      expect(await allEventsOf(consentId)).toEqual(['AUTH', 'COND']);
    });

    it('with another payment id is INVALID_STATUS: a consent pays once', async () => {
      const consentId = await authorised();
      valueOf(await consume(consentId, 'pay-first'));
      expect(await consume(consentId, 'pay-second')).toEqual(refusal('INVALID_STATUS'));
      expect(valueOf(await get(consentId)).paymentId).toBe('pay-first');
    });
  });

  describe('refused requests', () => {
    it('an unknown consent is NOT_FOUND', async () => {
      const consentId = 'pdc-00000000-0000-0000-0000-000000000000';
      expect(await get(consentId)).toEqual(refusal('NOT_FOUND'));
      expect(await authorise(consentId)).toEqual(refusal('NOT_FOUND'));
      expect(await reject(consentId)).toEqual(refusal('NOT_FOUND'));
      expect(await consume(consentId, 'pay-1')).toEqual(refusal('NOT_FOUND'));
    });

    it('a consent of another client is NOT_FOUND when read, so its existence is not revealed', async () => {
      const { consentId } = await create();
      expect(await get(consentId, TPP_B)).toEqual(refusal('NOT_FOUND'));
    });

    it('authorising, rejecting or consuming a consent of another client is FORBIDDEN and changes nothing', async () => {
      const { consentId } = await create();
      expect(await authorise(consentId, 'acc-1', TPP_B)).toEqual(refusal('FORBIDDEN'));
      expect(await reject(consentId, TPP_B)).toEqual(refusal('FORBIDDEN'));
      valueOf(await authorise(consentId));
      expect(await consume(consentId, 'pay-1', TPP_B)).toEqual(refusal('FORBIDDEN'));
      expect(valueOf(await get(consentId)).status).toBe('AUTH');
    });

    it('authorising with a debtor account other than the one the TPP fixed is INVALID and changes nothing', async () => {
      const { consentId } = await createWithFixedDebtor('acc-fixed');
      expect(await authorise(consentId, 'acc-other')).toEqual(refusal('INVALID'));
      const unchanged = valueOf(await get(consentId));
      expect(unchanged.status).toBe('AWAU');
      expect(unchanged.debtorAccountId).toBeUndefined();
    });

    it('authorising twice is INVALID_STATUS', async () => {
      const consentId = await authorised();
      expect(await authorise(consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('rejecting an authorised consent is INVALID_STATUS: an authorised payment consent is not withdrawn', async () => {
      const consentId = await authorised();
      expect(await reject(consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('consuming a consent that is not authorised (AWAU or RJCT) is INVALID_STATUS', async () => {
      const awaiting = await create();
      expect(await consume(awaiting.consentId, 'pay-1')).toEqual(refusal('INVALID_STATUS'));
      const rejected = await create();
      valueOf(await reject(rejected.consentId));
      expect(await consume(rejected.consentId, 'pay-1')).toEqual(refusal('INVALID_STATUS'));
    });

    it('a consumed consent cannot be authorised or rejected again', async () => {
      const consentId = await authorised();
      valueOf(await consume(consentId, 'pay-1'));
      expect(await authorise(consentId)).toEqual(refusal('INVALID_STATUS'));
      expect(await reject(consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('a malformed payload is INVALID and the service keeps answering', async () => {
      const { consentId } = await create();
      const malformed: [RequestSubject, unknown][] = [
        [Requests.getDomesticPaymentConsent, { consentId: 42 }],
        [Requests.createDomesticPaymentConsent, 'a payment, please'],
        [Requests.createDomesticPaymentConsent, { clientId: TPP_A, initiation: INITIATION, risk: RISK, summary: { ...SUMMARY, amount: 'lots' } }],
        [Requests.authoriseDomesticPaymentConsent, { consentId, clientId: TPP_A, psuId: 'psu-1' }],
        [Requests.consumeDomesticPaymentConsent, { consentId, clientId: TPP_A }],
      ];
      for (const [subject, payload] of malformed) {
        expect(await testbed.caller.request(subject, payload as never)).toEqual(refusal('INVALID'));
      }
      expect(valueOf(await get(consentId)).status).toBe('AWAU');
    });
  });

  describe('concurrency', () => {
    it('of 20 simultaneous consumes with different payment ids exactly one wins; the others are INVALID_STATUS', async () => {
      const consentId = await authorised();
      const paymentIds = Array.from({ length: 20 }, (_, i) => `pay-race-${i}`);
      const replies = await Promise.all(paymentIds.map((paymentId) => consume(consentId, paymentId)));
      const winners = replies.filter((reply) => reply.ok);
      expect(winners).toHaveLength(1);
      expect(replies.filter((reply) => !reply.ok)).toEqual(Array(19).fill(refusal('INVALID_STATUS')));
      const winner = valueOf(winners[0]).paymentId;
      expect(valueOf(await get(consentId)).paymentId).toBe(winner);
      expect((await historyOf(consentId)).filter((change) => change.toStatus === 'COND')).toEqual([
        { fromStatus: 'AUTH', toStatus: 'COND', reason: `consumed by payment ${winner}` },
      ]);
    });

    it('20 simultaneous consumes with the same payment id all answer the one consumed consent', async () => {
      const consentId = await authorised();
      const replies = await Promise.all(Array.from({ length: 20 }, () => consume(consentId, 'pay-same')));
      const consumed = valueOf(await get(consentId));
      expect(replies).toEqual(Array(20).fill({ ok: true, value: consumed }));
      expect((await historyOf(consentId)).filter((change) => change.toStatus === 'COND')).toHaveLength(1);
    });

    it('of 20 simultaneous authorisations of one consent exactly one succeeds', async () => {
      const { consentId } = await create();
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => authorise(consentId, `acc-${i}`)));
      expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
      expect((await historyOf(consentId)).filter((change) => change.toStatus === 'AUTH')).toHaveLength(1);
    });
  });
});
