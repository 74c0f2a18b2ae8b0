import { createHash, randomBytes } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma';
import type { Connection } from './authorization-callback';
import type { PendingAuthorization } from './authorization-request';
import type { JourneyErrorView } from './web/journey-error';

/** `__Host-`: the browser accepts it only Secure, on Path=/ and without Domain, so no sibling host can set it. */
export const SESSION_COOKIE = '__Host-tpp-session';

/** How long an authorization may take between the redirect to the AS and the callback. */
export const PENDING_AUTHORIZATION_TTL_MS = 10 * 60 * 1000;

/** How long a session lives without being used. */
export const SESSION_IDLE_TTL_MS = 60 * 60 * 1000;

/** A session id as create() makes them: 256 random bits, base64url. Anything else names no session (no query made). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** What a session keeps besides its id, form token and pending authorization: the `state` column, as JSON. */
export interface SessionState {
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
}

/**
 * Server-side state of one browser: the connection (tokens), the payments made, the journeys run. A request works on
 * its copy and saves it (SessionStore.save); the authorization in progress is kept apart (remember, takePending).
 */
export interface Session extends SessionState {
  readonly id: string;
  /** The anti-forgery token of this browser's forms (POST /connect, POST /pay): random, compared in constant time. */
  readonly formToken: string;
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


const randomToken = (): string => randomBytes(32).toString('base64url');

function stateOf({ connection, journeyInteractionId, paymentIds, journeyIds, failedAuthorization, disconnectedConsentId }: SessionState): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify({ connection, journeyInteractionId, paymentIds, journeyIds, failedAuthorization, disconnectedConsentId }));
}

/**
 * Sessions in the fintech's PostgreSQL database, keyed by an unguessable id (256 random bits), so that any instance
 * serves any request of a browser. A session idle for SESSION_IDLE_TTL_MS is not found any more and is swept when
 * sessions are created; the pending authorization is taken at most once, whichever instances a callback reaches.
 * `fintech` (its client id) scopes the sessions: two fintechs sharing a database never see each other's, though a
 * browser sends both the same cookie (cookies ignore ports: localhost:8445 and localhost:9000 share theirs).
 */
export class SessionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly fintech: string,
    private readonly now: () => number = Date.now,
  ) {}

  async create(): Promise<Session> {
    await this.sweep();
    return this.insert(this.prisma, { paymentIds: [], journeyIds: [] });
  }

  /** The session of this id, its idle expiry pushed back; undefined when unknown, malformed or idle too long. */
  async find(id: string | undefined): Promise<Session | undefined> {
    if (id === undefined || !SESSION_ID.test(id)) return undefined;
    const [row] = await this.prisma.$queryRaw<Array<{ form_token: string; state: SessionState }>>`
      UPDATE tpp_session SET expires_at = ${this.idleExpiry()}
      WHERE id_hash = ${this.idHash(id)} AND expires_at > ${new Date(this.now())}
      RETURNING form_token, state`;
    return row && { ...row.state, id, formToken: row.form_token };
  }

  /** Keeps what a request changed in the session (never its pending authorization: remember, takePending). */
  async save(session: Session): Promise<void> {
    await this.prisma.session.updateMany({ where: { idHash: this.idHash(session.id) }, data: { state: stateOf(session), expiresAt: this.idleExpiry() } });
  }

  /** A new id for the same state (after the PSU authorised), so an id seen before login is worthless after it. */
  async rotate(session: Session): Promise<Session> {
    const { connection, paymentIds, journeyIds, journeyInteractionId } = session;
    return this.prisma.$transaction(async (transaction) => {
      await transaction.session.deleteMany({ where: { idHash: this.idHash(session.id) } });
      return this.insert(transaction, { connection, paymentIds, journeyIds, journeyInteractionId });
    });
  }

  /** A new authorization begins: whatever the last one left to show is over; the session is saved with it. */
  async remember(session: Session, authorization: PendingAuthorization): Promise<void> {
    session.failedAuthorization = undefined;
    const sessionIdHash = this.idHash(session.id);
    const pending = { authorization: JSON.parse(JSON.stringify(authorization)) as Prisma.InputJsonObject, expiresAt: new Date(this.now() + PENDING_AUTHORIZATION_TTL_MS) };
    await this.prisma.$transaction([
      this.prisma.session.updateMany({ where: { idHash: sessionIdHash }, data: { state: stateOf(session), expiresAt: this.idleExpiry() } }),
      this.prisma.pendingAuthorization.upsert({ where: { sessionIdHash }, create: { sessionIdHash, ...pending }, update: pending }),
    ]);
  }

  /**
   * The pending authorization, usable once: one DELETE ... RETURNING takes it, so of a callback replayed (to this
   * instance or another) only one request gets it; a late one (past PENDING_AUTHORIZATION_TTL_MS) is taken as none.
   */
  async takePending(session: Session | undefined): Promise<PendingAuthorization | undefined> {
    if (!session) return undefined;
    const [taken] = await this.prisma.$queryRaw<Array<{ authorization: PendingAuthorization; expires_at: Date }>>`
      DELETE FROM tpp_pending_authorization WHERE session_id_hash = ${this.idHash(session.id)} RETURNING "authorization", expires_at`;
    return taken && taken.expires_at.getTime() > this.now() ? taken.authorization : undefined;
  }

  /** Deletes the sessions idle too long and the authorizations never completed in time; returns how many of each. */
  async sweep(): Promise<{ sessions: number; pendingAuthorizations: number }> {
    const now = new Date(this.now());
    const [pendingAuthorizations, sessions] = await this.prisma.$transaction([
      this.prisma.pendingAuthorization.deleteMany({ where: { expiresAt: { lte: now } } }),
      this.prisma.session.deleteMany({ where: { expiresAt: { lte: now } } }),
    ]);
    return { sessions: sessions.count, pendingAuthorizations: pendingAuthorizations.count };
  }

  /**
   * What the database keys a session by: the SHA-256 of the fintech and the id, so that whoever reads the table (a
   * backup, a SQL console) learns no cookie to act as the browser with; 256 random bits need no salt or slow hash.
   */
  private idHash(id: string): string {
    return createHash('sha256').update(`${this.fintech}\n${id}`).digest('base64url');
  }

  private idleExpiry(): Date {
    return new Date(this.now() + SESSION_IDLE_TTL_MS);
  }

  /** Stores a new session (a new id and form token) holding `state`. */
  private async insert(client: Prisma.TransactionClient, state: SessionState): Promise<Session> {
    const id = randomToken();
    const formToken = randomToken();
    await client.session.create({ data: { idHash: this.idHash(id), formToken, state: stateOf(state), expiresAt: this.idleExpiry() } });
    return { ...state, id, formToken };
  }
}
