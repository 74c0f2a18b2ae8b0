import { createHash, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type pg from 'pg';
import type { ConsoleRecord } from '@fapi/nats-contract';
import type { PrismaClient } from '../../generated/prisma';

/** How many records the console keeps of one client: the newest; older ones go as new ones come. */
export const CONSOLE_RECORDS_PER_CLIENT = 300;
/**
 * At most this many records of one client are dropped per batch: more than the few batches of every instance bring
 * between two trims; a client further over its share (trims that failed) is brought back over the next batches.
 */
const MOST_DROPPED_PER_CLIENT = 1000;
/**
 * Every this many records an instance has stored, it vacuums the table. Each record is deleted again a few batches
 * later (a client keeps its newest 300), and until VACUUM removes a deleted record its index entry stays where every
 * trim ends its walk: over 120,000 records PostgreSQL's CPU per record grew from 32 to 63 µs where autovacuum is off
 * (as on our CI machines) or has not come round (by default once a minute, once a fifth of the table is dead); with a
 * vacuum every 5,000 records it stayed at 19-20 µs, the vacuums included (issue 11, bench/README.md).
 */
export const VACUUM_EVERY_RECORDS = 5_000;
/** How long a record is kept. */
export const CONSOLE_RECORD_LIFETIME_MS = 24 * 60 * 60_000;
/** How long a login link opens the console (once). */
export const LOGIN_LINK_LIFETIME_MS = 10 * 60_000;
/** How long the session a login link opened lasts. */
export const CONSOLE_SESSION_LIFETIME_MS = 2 * 60 * 60_000;
/** How long a certificate seen at /token opens its client's console, at most (never past the certificate's own end). */
export const CONSOLE_CERTIFICATE_LIFETIME_MS = 30 * 24 * 60 * 60_000;

/**
 * A certificate this instance remembered for a client less than this long ago is not written again at the next token
 * (issue 11: an upsert through Prisma per grant, for an expiry 30 days away): console access then ends at most this much earlier.
 */
export const CONSOLE_CERTIFICATE_REFRESH_MS = 60 * 60_000;
/** Beyond this many remembered pairs the instance forgets them all (each is then written once more). */
const MOST_REMEMBERED_CERTIFICATES = 10_000;

/** The kinds of pass into one client's console: a login link (used once), the session it opened. */
type PassKind = 'link' | 'session';

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const later = (ms: number) => new Date(Date.now() + ms);

/**
 * The developer console's state in the AS database: each client's recent requests (bounded, expiring), the login links
 * and sessions (stored as SHA-256 of their secret, so the table reveals none) and the certificates that open a console.
 * Records, written for every request of every client, go through node-postgres prepared statements: through Prisma,
 * compiling a batch's multi-row insert was 14 % of the AS's CPU under token-grants (issue 11, bench/README.md).
 */
export class ConsoleStore {
  /** Writes made in the background of a request (records, certificates), awaited before the database closes. */
  private readonly writing = new Set<Promise<unknown>>();
  /** When this instance last wrote each certificate and client (`thumbprint clientId`), in ms since the epoch. */
  private readonly certificateWritten = new Map<string, number>();
  /** Records this instance stored since it last vacuumed the table (VACUUM_EVERY_RECORDS). */
  private storedSinceVacuum = 0;
  private vacuumFailing = false;
  private readonly logger = new Logger(ConsoleStore.name);

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: pg.Pool,
    private readonly perClient = CONSOLE_RECORDS_PER_CLIENT,
    private readonly vacuumEvery = VACUUM_EVERY_RECORDS,
  ) {}

  /** Resolves once every background write begun so far has ended (the application's shutdown waits for it). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  /**
   * Keeps `records` (each once, whichever instance heard it first) in one insert, then drops the records of their
   * clients beyond each client's newest `perClient` in one delete.
   */
  add(records: ConsoleRecord[]): Promise<void> {
    return this.inBackground(this.insert(records));
  }

  private inBackground<T>(write: Promise<T>): Promise<T> {
    this.writing.add(write);
    void write.finally(() => this.writing.delete(write)).catch(() => undefined);
    return write;
  }

  private async insert(records: ConsoleRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool.query({
      name: 'console-record-insert',
      text: `INSERT INTO console_record (id, client_id, at, interaction_id, record, expires_at)
        SELECT (r->>'id')::uuid, r->>'clientId', (r->>'at')::timestamptz, r->>'interactionId', r, $2
        FROM jsonb_array_elements($1::jsonb) AS r
        ON CONFLICT (id) DO NOTHING`,
      values: [JSON.stringify(records), later(CONSOLE_RECORD_LIFETIME_MS)],
    });
    // Per client, the records past its newest `perClient`, found by walking the index (client_id, at DESC, id DESC)
    // from the newest, then deleted by primary key. A range delete of "that record and every older one" was planned as
    // a scan of the whole table or a bitmap scan, which visit every dead row that earlier trims left until VACUUM: 4.5 ms
    // of PostgreSQL per batch in an AIS journey run, and growing (issue 11). An index scan marks the dead entries it
    // passes, and later scans skip them without visiting the table.
    await this.pool.query({
      name: 'console-record-trim',
      text: `DELETE FROM console_record WHERE id = ANY (ARRAY(
          SELECT dropped.id FROM unnest($1::varchar[]) AS batch (client_id)
          CROSS JOIN LATERAL (
            SELECT id FROM console_record WHERE client_id = batch.client_id ORDER BY at DESC, id DESC OFFSET $2 LIMIT $3
          ) dropped))`,
      values: [[...new Set(records.map((record) => record.clientId))], this.perClient, MOST_DROPPED_PER_CLIENT],
    });
    this.storedSinceVacuum += records.length;
    if (this.storedSinceVacuum >= this.vacuumEvery) {
      this.storedSinceVacuum = 0;
      void this.vacuum();
    }
  }

  /**
   * In the background of the batches (VACUUM may not run in a transaction, and need not hold them up); SKIP_LOCKED: an
   * instance that finds another one vacuuming goes on without waiting. A failure is logged once until one succeeds.
   */
  private async vacuum(): Promise<void> {
    try {
      await this.inBackground(this.pool.query('VACUUM (SKIP_LOCKED) console_record'));
      this.vacuumFailing = false;
    } catch (error) {
      if (!this.vacuumFailing) this.logger.warn(`could not vacuum the console's records: ${(error as Error).message}`);
      this.vacuumFailing = true;
    }
  }

  /** The client's unexpired records, newest first, only those of `interactionId` when given. */
  async recordsOf(clientId: string, interactionId?: string): Promise<ConsoleRecord[]> {
    const rows = await this.prisma.consoleRecord.findMany({
      where: { clientId, expiresAt: { gt: new Date() }, ...(interactionId !== undefined && { interactionId }) },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: this.perClient,
      select: { record: true },
    });
    return rows.map((row) => row.record as unknown as ConsoleRecord);
  }

  /** A new login link's secret for `clientId`: opens the console once, within LOGIN_LINK_LIFETIME_MS. */
  issueLoginLink(clientId: string): Promise<string> {
    return this.issuePass('link', clientId, LOGIN_LINK_LIFETIME_MS);
  }

  /**
   * The client a login link opens, using it up: of two requests with one link exactly one gets the client (a single
   * UPDATE of an unused, unexpired row); a used, expired or unknown link gets undefined.
   */
  async useLoginLink(secret: string): Promise<string | undefined> {
    const secretHash = sha256(secret);
    const used = await this.prisma.consolePass.updateMany({ where: { secretHash, kind: 'link', usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    if (used.count !== 1) return undefined;
    return (await this.prisma.consolePass.findUnique({ where: { secretHash } }))?.clientId;
  }

  /** A new session's secret for `clientId` (what a login link's cookie carries). */
  openSession(clientId: string): Promise<string> {
    return this.issuePass('session', clientId, CONSOLE_SESSION_LIFETIME_MS);
  }

  /** The client of an unexpired session. */
  async sessionClient(secret: string): Promise<string | undefined> {
    const pass = await this.prisma.consolePass.findFirst({ where: { secretHash: sha256(secret), kind: 'session', expiresAt: { gt: new Date() } } });
    return pass?.clientId;
  }

  /** `clientId` was issued certificate-bound tokens for the certificate `thumbprint` (x5t#S256), valid until `notAfter`. */
  async rememberCertificate(thumbprint: string, clientId: string, notAfter: Date): Promise<void> {
    const pair = `${thumbprint} ${clientId}`;
    const now = Date.now();
    if (now - (this.certificateWritten.get(pair) ?? -Infinity) < CONSOLE_CERTIFICATE_REFRESH_MS) return;
    if (this.certificateWritten.size >= MOST_REMEMBERED_CERTIFICATES) this.certificateWritten.clear();
    const expiresAt = new Date(Math.min(notAfter.getTime(), now + CONSOLE_CERTIFICATE_LIFETIME_MS));
    const write = this.inBackground(
      this.prisma.consoleCertificate.upsert({
        where: { thumbprint_clientId: { thumbprint, clientId } },
        create: { thumbprint, clientId, expiresAt },
        update: { expiresAt },
      }),
    );
    this.certificateWritten.set(pair, now);
    // a failed write is written again at the next token
    await write.catch((error: unknown) => {
      this.certificateWritten.delete(pair);
      throw error;
    });
  }

  /**
   * The clients a certificate opens the console of: those that were issued tokens bound to it, and the tls_client_auth
   * clients that registered its subject DN.
   */
  async clientsOfCertificate(thumbprint: string, subjectDn: string): Promise<string[]> {
    const [seen, registered] = await Promise.all([
      this.prisma.consoleCertificate.findMany({ where: { thumbprint, expiresAt: { gt: new Date() } }, select: { clientId: true } }),
      this.prisma.oidcModel.findMany({
        where: { kind: 'Client', payload: { path: ['tls_client_auth_subject_dn'], equals: subjectDn } },
        select: { id: true },
      }),
    ]);
    return [...new Set([...seen.map((row) => row.clientId), ...registered.map((row) => row.id)])].sort();
  }

  /** Deletes expired records, passes and certificates (lookups already ignore them; this reclaims space). */
  async deleteExpired(now = new Date()): Promise<number> {
    const where = { expiresAt: { lte: now } };
    const deleted = await Promise.all([
      this.prisma.consoleRecord.deleteMany({ where }),
      this.prisma.consolePass.deleteMany({ where }),
      this.prisma.consoleCertificate.deleteMany({ where }),
    ]);
    return deleted.reduce((sum, { count }) => sum + count, 0);
  }

  private async issuePass(kind: PassKind, clientId: string, lifetimeMs: number): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.prisma.consolePass.create({ data: { secretHash: sha256(secret), kind, clientId, expiresAt: later(lifetimeMs) } });
    return secret;
  }
}
