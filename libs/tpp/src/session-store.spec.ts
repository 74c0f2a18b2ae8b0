import type { PendingAuthorization } from './authorization-request';
import { PENDING_AUTHORIZATION_TTL_MS, SESSION_COOKIE, SESSION_IDLE_TTL_MS, SessionStore, sessionCookie, sessionIdFromCookies } from './session-store';
import { useFintechDatabase } from './testing/fintech-database';

const pending: PendingAuthorization = { consentId: 'aac-1', purpose: { kind: 'account-access' }, redirectUri: 'https://tpp.test/callback', state: 's', nonce: 'n', codeVerifier: 'v' };

const database = useFintechDatabase('fapi_unit_tpp_sessions');
/** The client id of the fintech whose sessions these are. */
const FINTECH = 'fintech-client-1';

function clock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Two fintech instances: two stores, each with its own connection pool, over the one database. */
function twoInstances(now?: () => number) {
  return [new SessionStore(database.client(1), FINTECH, now), new SessionStore(database.client(2), FINTECH, now)] as const;
}

describe('the session cookie is unreadable by scripts, HTTPS-only, host-only and sent on top-level returns from the AS', () => {
  it('is __Host- prefixed, HttpOnly, Secure, SameSite=Lax on Path=/ with no Domain', () => {
    const attributes = sessionCookie('abc').split('; ');
    expect(attributes[0]).toBe(`${SESSION_COOKIE}=abc`);
    expect(SESSION_COOKIE.startsWith('__Host-')).toBe(true);
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('carries 256 random bits, different for every session', async () => {
    const [store] = twoInstances();
    const ids = await Promise.all(Array.from({ length: 50 }, async () => (await store.create()).id));
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{43}$/.test(id))).toBe(true);
  });

  it('is found among other cookies', () => {
    expect(sessionIdFromCookies(`a=1; ${SESSION_COOKIE}=xyz; b=2`)).toBe('xyz');
    expect(sessionIdFromCookies('a=1')).toBeUndefined();
    expect(sessionIdFromCookies(undefined)).toBeUndefined();
  });
});

describe('any fintech instance serves a browser: its session is in the database, keyed by a hash of its id', () => {
  it('a session saved by one instance is found, as saved, by another', async () => {
    const [one, two] = twoInstances();
    const session = await one.create();
    session.connection = { consentId: 'aac-1', accessToken: 'secret' };
    session.paymentIds.push('dp-1');
    await one.save(session);
    expect(await two.find(session.id)).toEqual({ id: session.id, formToken: session.formToken, connection: session.connection, paymentIds: ['dp-1'], journeyIds: [] });
  });

  it('an unknown or malformed id finds no session', async () => {
    const [store] = twoInstances();
    await store.create();
    expect(await store.find('A'.repeat(43))).toBeUndefined();
    expect(await store.find("' OR 1=1 --")).toBeUndefined();
    expect(await store.find(undefined)).toBeUndefined();
  });

  it('a session of one fintech is not found by another fintech sharing the database (a browser sends both its cookie)', async () => {
    const [ours] = twoInstances();
    const session = await ours.create();
    const theirs = new SessionStore(database.client(2), 'another-fintech-client');
    expect(await theirs.find(session.id)).toBeUndefined();
    expect(await ours.find(session.id)).toBeDefined();
  });

  it('the database holds no session id a reader could present as a cookie', async () => {
    const prisma = database.client();
    const session = await new SessionStore(prisma, FINTECH).create();
    const rows = await prisma.session.findMany({ select: { idHash: true } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.idHash)).not.toContain(session.id);
  });
});

describe('a pending authorization is used at most once and only for 10 minutes', () => {
  it('is handed out once', async () => {
    const [store] = twoInstances();
    const session = await store.create();
    await store.remember(session, pending);
    expect(await store.takePending(session)).toEqual(pending);
    expect(await store.takePending(session)).toBeUndefined();
  });

  it('a callback replayed to two instances at once is honoured by one of them only', async () => {
    const [one, two] = twoInstances();
    for (let round = 0; round < 10; round++) {
      const session = await one.create();
      await one.remember(session, pending);
      const taken = await Promise.all([one.takePending(session), two.takePending(session)]);
      expect(taken.filter((authorization) => authorization !== undefined)).toEqual([pending]);
    }
  });

  it('is gone after 10 minutes', async () => {
    const time = clock();
    const [store] = twoInstances(time.now);
    const session = await store.create();
    await store.remember(session, pending);
    time.advance(PENDING_AUTHORIZATION_TTL_MS);
    expect(await store.takePending(session)).toBeUndefined();
  });

  it('a new authorization clears what the failed one left to show', async () => {
    const [one, two] = twoInstances();
    const session = await one.create();
    session.failedAuthorization = { error: { status: 400, code: 'access_denied', title: 'Refused', message: 'refused' } };
    await one.save(session);
    await one.remember(session, pending);
    expect((await two.find(session.id))?.failedAuthorization).toBeUndefined();
  });
});

describe('sessions end when idle and change id on connection', () => {
  it('an idle session is not found any more', async () => {
    const time = clock();
    const [store] = twoInstances(time.now);
    const { id } = await store.create();
    time.advance(SESSION_IDLE_TTL_MS + 1);
    expect(await store.find(id)).toBeUndefined();
  });

  it('a session in use stays: each use pushes its idle expiry back', async () => {
    const time = clock();
    const [store] = twoInstances(time.now);
    const { id } = await store.create();
    time.advance(SESSION_IDLE_TTL_MS - 1);
    expect(await store.find(id)).toBeDefined();
    time.advance(SESSION_IDLE_TTL_MS - 1);
    expect(await store.find(id)).toBeDefined();
  });

  it('the sweep deletes idle sessions and authorizations never completed, and keeps the others', async () => {
    const time = clock(Date.now() + 365 * 24 * 3600 * 1000); // past every session the other tests made
    const prisma = database.client();
    const store = new SessionStore(prisma, FINTECH, time.now);
    const idle = await store.create();
    await store.remember(idle, pending);
    time.advance(SESSION_IDLE_TTL_MS + 1);
    const fresh = await store.create(); // sweeps first
    await store.remember(fresh, pending);
    expect({ sessions: await prisma.session.count(), pending: await prisma.pendingAuthorization.count() }).toEqual({ sessions: 1, pending: 1 });
    time.advance(PENDING_AUTHORIZATION_TTL_MS);
    expect(await store.sweep()).toEqual({ sessions: 0, pendingAuthorizations: 1 });
    expect(await store.find(fresh.id)).toBeDefined();
  });

  it('after rotation the old id finds nothing and the new one holds the connection', async () => {
    const [one, two] = twoInstances();
    const session = await one.create();
    session.connection = { consentId: 'aac-1', accessToken: 'secret' };
    const renewed = await one.rotate(session);
    expect(renewed.id).not.toBe(session.id);
    expect(renewed.formToken).not.toBe(session.formToken);
    expect(await two.find(session.id)).toBeUndefined();
    expect((await two.find(renewed.id))?.connection).toEqual(session.connection);
  });

  it('after rotation the payments made from the browser are still its own', async () => {
    const [store] = twoInstances();
    const session = await store.create();
    session.paymentIds.push('dp-1');
    expect((await store.rotate(session)).paymentIds).toEqual(['dp-1']);
    expect((await store.create()).paymentIds).toEqual([]);
  });
});
