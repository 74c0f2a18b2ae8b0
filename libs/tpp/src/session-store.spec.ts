import type { PendingAuthorization } from './authorization-request';
import { PENDING_AUTHORIZATION_TTL_MS, SESSION_COOKIE, SESSION_IDLE_TTL_MS, SessionStore, sessionCookie, sessionIdFromCookies } from './session-store';

const pending: PendingAuthorization = { consentId: 'aac-1', purpose: { kind: 'account-access' }, redirectUri: 'https://tpp.test/callback', state: 's', nonce: 'n', codeVerifier: 'v' };

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the session cookie is unreadable by scripts, HTTPS-only, host-only and sent on top-level returns from the AS', () => {
  it('is __Host- prefixed, HttpOnly, Secure, SameSite=Lax on Path=/ with no Domain', () => {
    const attributes = sessionCookie('abc').split('; ');
    expect(attributes[0]).toBe(`${SESSION_COOKIE}=abc`);
    expect(SESSION_COOKIE.startsWith('__Host-')).toBe(true);
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('carries 256 random bits, different for every session', () => {
    const store = new SessionStore();
    const ids = Array.from({ length: 50 }, () => store.create().id);
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{43}$/.test(id))).toBe(true);
  });

  it('is found among other cookies', () => {
    expect(sessionIdFromCookies(`a=1; ${SESSION_COOKIE}=xyz; b=2`)).toBe('xyz');
    expect(sessionIdFromCookies('a=1')).toBeUndefined();
    expect(sessionIdFromCookies(undefined)).toBeUndefined();
  });
});

describe('a pending authorization is used at most once and only for 10 minutes', () => {
  it('is handed out once', () => {
    const store = new SessionStore();
    const session = store.create();
    store.remember(session, pending);
    expect(store.takePending(session)).toEqual(pending);
    expect(store.takePending(session)).toBeUndefined();
  });

  it('is gone after 10 minutes', () => {
    const time = clock();
    const store = new SessionStore(time.now);
    const session = store.create();
    store.remember(session, pending);
    time.advance(PENDING_AUTHORIZATION_TTL_MS);
    expect(store.takePending(session)).toBeUndefined();
  });
});

describe('sessions end when idle and change id on connection', () => {
  it('an idle session is not found any more', () => {
    const time = clock();
    const store = new SessionStore(time.now);
    const { id } = store.create();
    time.advance(SESSION_IDLE_TTL_MS + 1);
    expect(store.find(id)).toBeUndefined();
  });

  it('after rotation the old id finds nothing and the new one holds the connection', () => {
    const store = new SessionStore();
    const session = store.create();
    session.connection = { consentId: 'aac-1', accessToken: 'secret' };
    const renewed = store.rotate(session);
    expect(renewed.id).not.toBe(session.id);
    expect(store.find(session.id)).toBeUndefined();
    expect(store.find(renewed.id)?.connection).toEqual(session.connection);
  });

  it('after rotation the payments made from the browser are still its own', () => {
    const store = new SessionStore();
    const session = store.create();
    session.paymentIds.push('dp-1');
    expect(store.rotate(session).paymentIds).toEqual(['dp-1']);
    expect(store.create().paymentIds).toEqual([]);
  });
});
