/**
 * The consent service over real NATS and a real PostgreSQL database: the Nest microservice runs in-process and is
 * called on the contract's subjects by a NatsContractClient, while a plain NATS subscriber records the events.
 * It gets a private nats-server (the contract's subjects are fixed, so on the shared server another test's stub or a
 * running consent-service could answer; NATS_SERVER_BIN names the binary, default `nats-server` on PATH) and its own
 * database, fapi_unit_consent, recreated and migrated here.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { INestMicroservice } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import {
  type AccountAccessConsentStatusChanged,
  type CreateAccountAccessConsent,
  Events,
  NatsContractClient,
  NatsContractModule,
  type RequestSubject,
  Requests,
  type RpcErrorCode,
  type RpcReply,
} from '@fapi/nats-contract';
import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import { createPrismaClient } from '@fapi/persistence';
import { PrismaClient } from '../generated/prisma';
import { ConsentModule } from './consent.module';

/** fapi_unit_consent on the PostgreSQL server DATABASE_URL names (default the local one). */
const DATABASE_URL = (() => {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/fapi');
  url.pathname = '/fapi_unit_consent';
  return url.toString();
})();
const libRoot = path.resolve(__dirname, '..');
const repoRoot = path.resolve(libRoot, '../..');

const TPP_A = 'tpp-a';
const TPP_B = 'tpp-b';
const SWEEP_OFF_MS = 60 * 60 * 1000;
const SWEEP_FAST_MS = 100;

async function recreateMigratedDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  execFileSync(path.join(repoRoot, 'node_modules/.bin/prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
    cwd: libRoot,
    env: { ...process.env, CONSENT_DATABASE_URL: url },
    stdio: 'pipe',
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `attempt` until it returns a value, at most 150 times 100 ms apart. */
async function eventually<T>(attempt: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function startPrivateNatsServer(): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  const binary = process.env.NATS_SERVER_BIN || 'nats-server';
  const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  const failed = new Promise<never>((_, reject) =>
    server.once('error', (error) => reject(new Error(`cannot start nats-server: ${error.message}`))),
  );
  const answering = eventually(() => connect({ servers: url }).catch(() => undefined), `nats-server on ${url}`);
  await (await Promise.race([answering, failed])).close();
  return { url, server };
}

async function startConsentService(natsUrl: string, expirySweepIntervalMs: number): Promise<INestMicroservice> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      NatsContractModule.forRoot(natsUrl),
      ConsentModule.forRoot({ databaseUrl: DATABASE_URL, expirySweepIntervalMs }),
    ],
  }).compile();
  const service = moduleRef.createNestMicroservice({ transport: Transport.NATS, options: { servers: [natsUrl] } });
  await service.listen();
  // listen() resolves before the server has seen the subscriptions: wait until a request gets an answer.
  await eventually(() => get('readiness-probe').catch(() => undefined), 'the consent service');
  return service;
}

let nats: { url: string; server: ChildProcess };
let callerModule: TestingModule;
let caller: NatsContractClient;
let listener: NatsConnection;
let database: PrismaClient;
const events: AccountAccessConsentStatusChanged[] = [];

beforeAll(async () => {
  await recreateMigratedDatabase(DATABASE_URL);
  database = createPrismaClient(PrismaClient, DATABASE_URL);
  nats = await startPrivateNatsServer();
  listener = await connect({ servers: nats.url });
  const subscription = listener.subscribe(Events.accountAccessConsentStatusChanged);
  void (async () => {
    for await (const message of subscription) events.push(message.json<{ data: AccountAccessConsentStatusChanged }>().data);
  })();
  await listener.flush();
  callerModule = await Test.createTestingModule({ imports: [NatsContractModule.forRoot(nats.url)] }).compile();
  await callerModule.init();
  caller = callerModule.get(NatsContractClient);
}, 60_000);

afterAll(async () => {
  await callerModule?.close();
  await listener?.close();
  await database?.$disconnect();
  nats?.server.kill();
});

const valueOf = <T>(reply: RpcReply<T>): T => {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
};

const refusal = (code: RpcErrorCode) => ({ ok: false, error: { code, message: expect.any(String) } });

const create = async (overrides: Partial<CreateAccountAccessConsent> = {}) =>
  valueOf(
    await caller.request(Requests.createAccountAccessConsent, {
      clientId: TPP_A,
      permissions: ['ReadAccountsBasic', 'ReadBalances'],
      ...overrides,
    }),
  );

const get = (consentId: string, clientId?: string) =>
  caller.request(Requests.getAccountAccessConsent, { consentId, clientId });

const authorise = (consentId: string, clientId = TPP_A) =>
  caller.request(Requests.authoriseAccountAccessConsent, {
    consentId,
    clientId,
    psuId: 'psu-1',
    accountIds: ['acc-1', 'acc-2'],
  });

const reject = (consentId: string, clientId = TPP_A) =>
  caller.request(Requests.rejectAccountAccessConsent, { consentId, clientId });

const revokeByTpp = (consentId: string, clientId = TPP_A) =>
  caller.request(Requests.revokeAccountAccessConsent, { consentId, clientId, revokedBy: 'TPP' });

const revokeByAspsp = (consentId: string) =>
  caller.request(Requests.revokeAccountAccessConsent, { consentId, revokedBy: 'ASPSP' });

const statusChangeOf = (consentId: string, status: AccountAccessConsentStatus) =>
  eventually(
    () => events.find((event) => event.consentId === consentId && event.status === status),
    `the ${status} event of ${consentId}`,
  );

const historyOf = (consentId: string) =>
  database.accountAccessConsentStatusChange.findMany({
    where: { consentId },
    orderBy: { id: 'asc' },
    select: { fromStatus: true, toStatus: true, reason: true },
  });

describe('consent service on NATS (expiry sweep idle)', () => {
  let service: INestMicroservice;

  beforeAll(async () => {
    service = await startConsentService(nats.url, SWEEP_OFF_MS);
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
        expect(await caller.request(subject, payload as never)).toEqual(refusal('INVALID'));
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
      // Time passes with the sweep idle: move the expiry into the past behind the service's back.
      await database.accountAccessConsent.update({
        where: { id: consentId },
        data: { expirationDateTime: '2020-01-01T00:00:00Z', expiresAt: new Date('2020-01-01T00:00:00Z') },
      });
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
    service = await startConsentService(nats.url, SWEEP_FAST_MS);
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
