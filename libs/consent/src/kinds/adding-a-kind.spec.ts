/**
 * Adding a kind of consent is one declaration: this spec declares a throwaway kind here only (ids tst-..., AWAU ->
 * AUTH -> COND) and the engine, the store, the one NATS controller and the status-change events serve it as they
 * serve the sandbox's kinds, with no other file touched. Its own database fapi_unit_consent_new_kind.
 */
import type { INestMicroservice } from '@nestjs/common';
import { type ConsentBase, type ConsentStatusChanged, Requests, type RpcErrorCode } from '@fapi/nats-contract';
import { ConsentEngine } from '../engine/consent-engine';
import { type ConsentKindDeclaration, operationsOf } from '../engine/consent-kind';
import { checkFields, nonEmptyString, parseConsentRequest, withFields } from '../request-parsing';
import { askedByOwner } from '../rules/owning-client';
import { ConsentServiceTestbed, SWEEP_OFF_MS, TPP_A, TPP_B, valueOf } from '../testing/consent-service-testbed';
import { CONSENT_KINDS } from '.';

/** The throwaway kind's contract type: what every consent has, a note given at creation, the payment that consumed it. */
interface TestConsent extends ConsentBase<'AWAU' | 'AUTH' | 'COND'> {
  note: string;
  paymentId?: string;
}

const transitions = {
  authorise: { name: 'authorise', from: ['AWAU'], to: 'AUTH' },
  consume: { name: 'consume', from: ['AUTH'], to: 'COND' },
} as const;

const operation = operationsOf<TestConsent>();

const testKind: ConsentKindDeclaration<TestConsent> = {
  name: 'test',
  label: 'test consent',
  idPrefix: 'tst-',
  initialStatus: 'AWAU',
  transitions,
  create: operation.create({
    subject: 'consent.test.create',
    parse: (payload: unknown) => withFields(payload, (fields) => checkFields(fields, { clientId: nonEmptyString, note: nonEmptyString })),
    stores: ({ note }) => ({ note }),
  }),
  get: 'consent.test.get',
  requests: {
    authorise: operation.transition({
      subject: 'consent.test.authorise',
      parse: (payload: unknown) => parseConsentRequest(payload, { clientId: nonEmptyString, psuId: nonEmptyString }),
      transition: transitions.authorise,
      mayAct: askedByOwner,
      reason: ({ psuId }) => `authorised by PSU ${psuId}`,
      records: ({ psuId }) => ({ psuId }),
    }),
    consume: operation.transition({
      subject: 'consent.test.consume',
      parse: (payload: unknown) => parseConsentRequest(payload, { clientId: nonEmptyString, paymentId: nonEmptyString }),
      transition: transitions.consume,
      mayAct: askedByOwner,
      reason: ({ paymentId }) => `consumed by payment ${paymentId}`,
      records: ({ paymentId }) => ({ paymentId }),
    }),
  },
  statusChanged: 'consent.test.status-changed',
};


const testbed = new ConsentServiceTestbed('fapi_unit_consent_new_kind');
let service: INestMicroservice;
let events: ConsentStatusChanged[];

beforeAll(async () => {
  await testbed.start();
  events = (await testbed.record(testKind.statusChanged)) as ConsentStatusChanged[];
  service = await testbed.startService(SWEEP_OFF_MS, { kinds: [...CONSENT_KINDS, testKind] });
}, 60_000);

afterAll(async () => {
  await service?.close();
  await testbed.stop();
});

const refusal = (code: RpcErrorCode) => ({ ok: false, error: { code, message: expect.any(String) } });

const lifecycleHistory = [
  { fromStatus: null, toStatus: 'AWAU', reason: `created by client ${TPP_A}` },
  { fromStatus: 'AWAU', toStatus: 'AUTH', reason: 'authorised by PSU psu-1' },
  { fromStatus: 'AUTH', toStatus: 'COND', reason: 'consumed by payment pay-1' },
];

describe('a consent kind declared in one place', () => {
  it('goes AWAU -> AUTH -> COND through the engine, each change stored, kept in its history and announced', async () => {
    const engine = service.get(ConsentEngine);
    const created = valueOf(await engine.create(testKind, { clientId: TPP_A, note: 'hello' }));
    expect(created).toMatchObject({ clientId: TPP_A, status: 'AWAU', note: 'hello' });
    expect(created.consentId).toMatch(/^tst-[0-9a-f-]{36}$/);
    const { consentId } = created;

    const { authorise, consume } = testKind.requests;
    const authorised = valueOf(await engine.change(testKind, authorise, { consentId, clientId: TPP_A, psuId: 'psu-1' }));
    expect(authorised).toMatchObject({ status: 'AUTH', psuId: 'psu-1', note: 'hello' });
    const consumed = valueOf(await engine.change(testKind, consume, { consentId, clientId: TPP_A, paymentId: 'pay-1' }));
    expect(consumed).toMatchObject({ status: 'COND', psuId: 'psu-1', paymentId: 'pay-1', note: 'hello' });

    expect(valueOf(await engine.get(testKind, { consentId, clientId: TPP_A }))).toEqual(consumed);
    expect(await testbed.historyOf(consentId)).toEqual(lifecycleHistory);
    expect(await testbed.statusChangeOf(events, consentId, 'AUTH')).toMatchObject({
      previousStatus: 'AWAU',
      at: authorised.statusUpdateDateTime,
    });
    expect(await testbed.statusChangeOf(events, consentId, 'COND')).toMatchObject({
      previousStatus: 'AUTH',
      at: consumed.statusUpdateDateTime,
    });
  });

  it('is served on its own NATS subjects, with the checks every kind has', async () => {
    const created = valueOf(await testbed.send('consent.test.create', { clientId: TPP_A, note: 'over NATS' })) as TestConsent;
    const { consentId } = created;
    expect(await testbed.send('consent.test.authorise', { consentId, clientId: TPP_B, psuId: 'psu-1' })).toEqual(refusal('FORBIDDEN'));
    const consumeTooEarly = await testbed.send('consent.test.consume', { consentId, clientId: TPP_A, paymentId: 'pay-1' });
    expect(consumeTooEarly).toEqual(refusal('INVALID_STATUS'));
    expect(await testbed.send('consent.test.authorise', { consentId, clientId: TPP_A })).toEqual(refusal('INVALID'));

    valueOf(await testbed.send('consent.test.authorise', { consentId, clientId: TPP_A, psuId: 'psu-1' }));
    valueOf(await testbed.send('consent.test.consume', { consentId, clientId: TPP_A, paymentId: 'pay-1' }));
    expect(valueOf(await testbed.send('consent.test.get', { consentId }))).toMatchObject({ status: 'COND', note: 'over NATS' });
    expect(await testbed.historyOf(consentId)).toEqual(lifecycleHistory);

    expect(await testbed.send('consent.test.get', { consentId, clientId: TPP_B })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `no test consent ${consentId}` },
    });
  });

  it("is no other kind's: the sandbox's kinds do not see its consents", async () => {
    const { consentId } = valueOf(await testbed.send('consent.test.create', { clientId: TPP_A, note: 'mine' })) as TestConsent;
    expect(await testbed.caller.request(Requests.getAccountAccessConsent, { consentId })).toEqual(refusal('NOT_FOUND'));
    expect(await testbed.caller.request(Requests.getDomesticPaymentConsent, { consentId })).toEqual(refusal('NOT_FOUND'));
  });
});
