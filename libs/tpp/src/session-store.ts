import { randomBytes } from 'node:crypto';
import type { Connection } from './authorization-callback';
import type { PendingAuthorization } from './authorization-request';
import type { JourneyErrorView } from './web/journey-error';

/** `__Host-`: the browser accepts it only Secure, on Path=/ and without Domain, so no sibling host can set it. */
export const SESSION_COOKIE = '__Host-tpp-session';

/** How long an authorization may take between the redirect to the AS and the callback. */
export const PENDING_AUTHORIZATION_TTL_MS = 10 * 60 * 1000;

/** How long a session lives without being used. */
export const SESSION_IDLE_TTL_MS = 60 * 60 * 1000;

/** Server-side state of one browser: the authorization in progress, the connection (tokens), the payments made. */
export interface Session {
  readonly id: string;
  /** The anti-forgery token of this browser's forms (POST /connect, POST /pay): random, compared in constant time. */
  readonly formToken: string;
  pending?: { authorization: PendingAuthorization; expiresAt: number };
  connection?: Connection;
  /** The x-fapi-interaction-id of the journey started last (connect or pay): its requests and calls carry it. */
  journeyInteractionId?: string;
  /** The ids of the payments made from this browser: the only ones it may look at. */
  paymentIds: string[];
  /** The journeys started from this browser (their interaction ids): the only ones its flow inspector may show. */
  journeyIds: string[];
  /**
   * Why the last authorization failed at the callback, for the page the callback redirects to (so the bank's answer
   * never stays in the address bar); `consentId`: the consent it was about.
   */
  failedAuthorization?: { error: JourneyErrorView; consentId?: string; journeyId?: string };
  /** The consent the PSU ended with "Disconnect", for the page that confirms it. */
  disconnectedConsentId?: string;
  lastSeen: number;
}

/** The session cookie: random, HttpOnly (no script reads it), Secure, SameSite=Lax (sent on the AS's redirect back). */
export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

/** The session id from a Cookie header, if the browser sent one. */
export function sessionIdFromCookies(cookieHeader: string | undefined): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** In-memory sessions keyed by an unguessable id (256 random bits). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(): Session {
    this.forgetIdle();
    const session: Session = { id: randomBytes(32).toString('base64url'), formToken: randomBytes(32).toString('base64url'), paymentIds: [], journeyIds: [], lastSeen: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  find(id: string | undefined): Session | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) return undefined;
    if (this.isIdle(session)) {
      this.sessions.delete(session.id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  /** A new id for the same state (after the PSU authorised), so an id seen before login is worthless after it. */
  rotate(session: Session): Session {
    this.sessions.delete(session.id);
    const { connection, paymentIds, journeyIds, journeyInteractionId } = session;
    const renewed = { ...this.create(), connection, paymentIds, journeyIds, journeyInteractionId };
    this.sessions.set(renewed.id, renewed);
    return renewed;
  }

  /** A new authorization begins: whatever the last one left to show is over. */
  remember(session: Session, authorization: PendingAuthorization): void {
    session.failedAuthorization = undefined;
    session.pending = { authorization, expiresAt: this.now() + PENDING_AUTHORIZATION_TTL_MS };
  }

  /** The pending authorization, usable once: a replayed or late callback finds none. */
  takePending(session: Session | undefined): PendingAuthorization | undefined {
    const pending = session?.pending;
    if (session) session.pending = undefined;
    return pending && pending.expiresAt > this.now() ? pending.authorization : undefined;
  }

  private isIdle(session: Session): boolean {
    return this.now() - session.lastSeen > SESSION_IDLE_TTL_MS;
  }

  private forgetIdle(): void {
    for (const session of this.sessions.values()) if (this.isIdle(session)) this.sessions.delete(session.id);
  }
}
