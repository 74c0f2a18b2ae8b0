/**
 * The account-access consent lifecycle over real NATS and PostgreSQL (see ConsentServiceTestbed), in its own
 * database fapi_unit_consent.
 */
import type { INestMicroservice } from '@nestjs/common';
import {
  type AccountAccessConsentStatusChanged,
  type CreateAccountAccessConsent,
  Events,
  type RequestSubject,
  Requests,
  type RpcErrorCode,
} from '@fapi/nats-contract';
import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import { ConsentServiceTestbed, SWEEP_OFF_MS, TPP_A, TPP_B, valueOf } from '../testing/consent-service-testbed';

const SWEEP_FAST_MS = 100;

const testbed = new ConsentServiceTestbed('fapi_unit_consent');
let events: AccountAccessConsentStatusChanged[];

beforeAll(async () => {
  await testbed.start();
  events = await testbed.record(Events.accountAccessConsentStatusChanged);
}, 60_000);

afterAll(async () => {
  await testbed.stop();
});

const refusal = (code: RpcErrorCode) => ({ ok: false, error: { code, message: expect.any(String) } });

const create = async (overrides: Partial<CreateAccountAccessConsent> = {}) =>
  valueOf(
    await testbed.caller.request(Requests.createAccountAccessConsent, {
      clientId: TPP_A,
      permissions: ['ReadAccountsBasic', 'ReadBalances'],
      ...overrides,
    }),
  );

const get = (consentId: string, clientId?: string) =>
  testbed.caller.request(Requests.getAccountAccessConsent, { consentId, clientId });

const authorise = (consentId: string, clientId = TPP_A) =>
  testbed.caller.request(Requests.authoriseAccountAccessConsent, {
    consentId,
    clientId,
    psuId: 'psu-1',
    accountIds: ['acc-1', 'acc-2'],
  });

const reject = (consentId: string, clientId = TPP_A) =>
  testbed.caller.request(Requests.rejectAccountAccessConsent, { consentId, clientId });

const revokeByTpp = (consentId: string, clientId = TPP_A) =>
  testbed.caller.request(Requests.revokeAccountAccessConsent, { consentId, clientId, revokedBy: 'TPP' });

const revokeByAspsp = (consentId: string) =>
  testbed.caller.request(Requests.revokeAccountAccessConsent, { consentId, revokedBy: 'ASPSP' });

const statusChangeOf = (consentId: string, status: AccountAccessConsentStatus) => testbed.statusChangeOf(events, consentId, status);

const historyOf = (consentId: string) => testbed.historyOf(consentId);

/** Time passes with the sweep idle: moves a consent's expiry into the past behind the service's back. */
async function backdateExpiry(consentId: string, expirationDateTime: string) {
  const { data } = await testbed.database.consent.findUniqueOrThrow({ where: { id: consentId } });
  await testbed.database.consent.update({
    where: { id: consentId },
    data: { data: { ...(data as object), expirationDateTime }, expiresAt: new Date(expirationDateTime) },
  });
}

describe('consent service on NATS (expiry sweep idle)', () => {
  let service: INestMicroservice;

  beforeAll(async () => {
    service = await testbed.startService(SWEEP_OFF_MS);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('a consent goes AWAU -> AUTH -> CANC, each change announced on NATS and kept in its history', async () => {
    const created = await create({ expirationDateTime: '2099-01-01T00:00:00+01:00' });
    expect(created).toMatchObject({ clientId: TPP_A, status: 'AWAU', accountIds: [] });
    expect(created.permissions).toEqual(['ReadAccountsBasic', 'ReadBalances']);
    expect(created.consentId).toMatch(/^aac-[0-9a-f-]{36}$/);
    expect(created.expirationDateTime).toBe('2099-01-01T00:00:00+01:00');

    const authorised = valueOf(await authorise(created.consentId));
    expect(authorised).toMatchObject({ status: 'AUTH', psuId: 'psu-1', accountIds: ['acc-1', 'acc-2'] });
    expect(await statusChangeOf(created.consentId, 'AUTH')).toMatchObject({ clientId: TPP_A, previousStatus: 'AWAU' });
    expect(valueOf(await get(created.consentId, TPP_A))).toEqual(authorised);

    const revoked = valueOf(await revokeByTpp(created.consentId));
    expect(revoked.status).toBe('CANC');
    expect(await statusChangeOf(created.consentId, 'CANC')).toMatchObject({
      previousStatus: 'AUTH',
      at: revoked.statusUpdateDateTime,
    });

    expect(await historyOf(created.consentId)).toEqual([
      { fromStatus: null, toStatus: 'AWAU', reason: `created by client ${TPP_A}` },
      { fromStatus: 'AWAU', toStatus: 'AUTH', reason: 'authorised by PSU psu-1' },
      { fromStatus: 'AUTH', toStatus: 'CANC', reason: 'revoked by the TPP' },
    ]);
  });

  it('the PSU rejecting a consent makes it RJCT, announced on NATS', async () => {
    const { consentId } = await create();
    expect(valueOf(await reject(consentId)).status).toBe('RJCT');
    expect(await statusChangeOf(consentId, 'RJCT')).toMatchObject({ previousStatus: 'AWAU' });
  });

  it('the ASPSP may revoke an authorised consent of any client', async () => {
    const { consentId } = await create();
    valueOf(await authorise(consentId));
    expect(valueOf(await revokeByAspsp(consentId)).status).toBe('CANC');
  });

  describe('refused requests', () => {
    it('authorising a consent twice is INVALID_STATUS', async () => {
      const { consentId } = await create();
      valueOf(await authorise(consentId));
      expect(await authorise(consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('authorising, rejecting or revoking a consent of another client is FORBIDDEN and changes nothing', async () => {
      const { consentId } = await create();
      expect(await authorise(consentId, TPP_B)).toEqual(refusal('FORBIDDEN'));
      expect(await reject(consentId, TPP_B)).toEqual(refusal('FORBIDDEN'));
      expect(await revokeByTpp(consentId, TPP_B)).toEqual(refusal('FORBIDDEN'));
      expect(valueOf(await get(consentId)).status).toBe('AWAU');
    });

    it('revoking a rejected consent is INVALID_STATUS', async () => {
      const { consentId } = await create();
      valueOf(await reject(consentId));
      expect(await revokeByTpp(consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('rejecting an authorised consent is INVALID_STATUS', async () => {
      const { consentId } = await create();
      valueOf(await authorise(consentId));
      expect(await reject(consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('a consent of another client is NOT_FOUND, so its existence is not revealed', async () => {
      const { consentId } = await create();
      expect(await get(consentId, TPP_B)).toEqual(refusal('NOT_FOUND'));
    });

    it('an unknown consent is NOT_FOUND', async () => {
      const consentId = 'aac-00000000-0000-0000-0000-000000000000';
      expect(await get(consentId)).toEqual(refusal('NOT_FOUND'));
      expect(await authorise(consentId)).toEqual(refusal('NOT_FOUND'));
      expect(await revokeByAspsp(consentId)).toEqual(refusal('NOT_FOUND'));
    });

    it('a malformed payload is INVALID and the service keeps answering', async () => {
      const { consentId } = await create();
      const malformed: [RequestSubject, unknown][] = [
        [Requests.getAccountAccessConsent, { consentId: 42 }],
        [Requests.createAccountAccessConsent, 'a consent, please'],
        [Requests.createAccountAccessConsent, { clientId: TPP_A, permissions: ['ReadEverything'] }],
        [Requests.authoriseAccountAccessConsent, { consentId, clientId: TPP_A, psuId: 'psu-1', accountIds: [] }],
        [Requests.revokeAccountAccessConsent, { consentId, revokedBy: 'TPP' }],
      ];
      for (const [subject, payload] of malformed) {
        expect(await testbed.caller.request(subject, payload as never)).toEqual(refusal('INVALID'));
      }
      expect(valueOf(await get(consentId)).status).toBe('AWAU');
    });
  });

  describe('expiry on read', () => {
    it('a consent created with ExpirationDateTime in the past is EXPD at once, announced on NATS', async () => {
      const created = await create({ expirationDateTime: '2020-01-01T00:00:00Z' });
      expect(created.status).toBe('EXPD');
      expect(await statusChangeOf(created.consentId, 'EXPD')).toMatchObject({ previousStatus: 'AWAU' });
      expect(await authorise(created.consentId)).toEqual(refusal('INVALID_STATUS'));
    });

    it('an authorised consent whose ExpirationDateTime passed unnoticed is read as EXPD, never as a stale AUTH', async () => {
      const { consentId } = await create({ expirationDateTime: '2099-01-01T00:00:00Z' });
      valueOf(await authorise(consentId));
      await backdateExpiry(consentId, '2020-01-01T00:00:00Z');
      expect(valueOf(await get(consentId, TPP_A)).status).toBe('EXPD');
      expect(await statusChangeOf(consentId, 'EXPD')).toMatchObject({ previousStatus: 'AUTH' });
      expect(await revokeByAspsp(consentId)).toEqual(refusal('INVALID_STATUS'));
    });
  });

  describe('concurrency', () => {
    it('of 20 simultaneous authorisations of one consent exactly one succeeds', async () => {
      const { consentId } = await create();
      const replies = await Promise.all(Array.from({ length: 20 }, () => authorise(consentId)));
      expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
      expect(replies.filter((reply) => !reply.ok)).toEqual(Array(19).fill(refusal('INVALID_STATUS')));
      expect((await historyOf(consentId)).filter((change) => change.toStatus === 'AUTH')).toHaveLength(1);
    });

    it('of 20 simultaneous revocations of one consent exactly one succeeds', async () => {
      const { consentId } = await create();
      valueOf(await authorise(consentId));
      const replies = await Promise.all(Array.from({ length: 20 }, () => revokeByAspsp(consentId)));
      expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
      expect((await historyOf(consentId)).filter((change) => change.toStatus === 'CANC')).toHaveLength(1);
    });

    it('a revocation racing the authorisation of the same consent still succeeds', async () => {
      const consents = await Promise.all(Array.from({ length: 10 }, () => create()));
      const races = consents.map(async ({ consentId }) => {
        const [, revoked] = await Promise.all([authorise(consentId), revokeByAspsp(consentId)]);
        return { revoked, final: valueOf(await get(consentId)).status };
      });
      for (const { revoked, final } of await Promise.all(races)) {
        expect(revoked.ok).toBe(true);
        expect(final).toBe('CANC');
      }
    });
  });
});

describe('consent service on NATS (expiry sweep running)', () => {
  let service: INestMicroservice;

  beforeAll(async () => {
    service = await testbed.startService(SWEEP_FAST_MS);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('the sweep expires a consent nobody reads once its ExpirationDateTime passes, and announces EXPD', async () => {
    const { consentId } = await create({ expirationDateTime: new Date(Date.now() + 1000).toISOString() });
    expect(await statusChangeOf(consentId, 'EXPD')).toMatchObject({ clientId: TPP_A, previousStatus: 'AWAU' });
    expect(await historyOf(consentId)).toEqual([
      { fromStatus: null, toStatus: 'AWAU', reason: `created by client ${TPP_A}` },
      { fromStatus: 'AWAU', toStatus: 'EXPD', reason: 'ExpirationDateTime passed' },
    ]);
  });
});
