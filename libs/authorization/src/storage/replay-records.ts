import pg from 'pg';
import { reportLostConnections } from '@fapi/persistence';
import { isStorableKey } from './storable-key';

/** One id waiting to be recorded, and its caller. */
interface Waiting {
  kind: string;
  id: string;
  expiresInSeconds: number;
  answer: (recorded: boolean) => void;
  fail: (error: unknown) => void;
}

/** Statements in flight at once: ids arriving meanwhile wait and go together in the next one. */
const STATEMENTS_IN_FLIGHT = 2;
/** The most ids one statement records (a bound on its size; more wait for the next). */
const MOST_IDS_PER_STATEMENT = 200;

const keyOf = (kind: string, id: string) => `${kind} ${id}`;

/** oidc_model.id is varchar(255); callers record digests, which always fit. */
const LONGEST_ID = 255;

/**
 * The ids that may be used once until they expire (client assertion and DPoP proof `jti`s), in the shared `oidc_model`
 * table. Each id is recorded by an atomic row insert (ON CONFLICT ... WHERE expired), so that of two instances (or
 * requests) recording the same id at once exactly one succeeds. Straight through node-postgres, as a prepared
 * statement: it runs on every private_key_jwt grant and every DPoP proof, and through Prisma the same statement cost
 * three times the CPU (issue 11, bench/README.md). Ids that arrive while STATEMENTS_IN_FLIGHT statements are out go
 * together in the next statement, one row each (issue 11: one round trip and one commit per grant was the largest cost
 * of private_key_jwt over tls_client_auth, in the AS and in PostgreSQL); each caller still gets its own row's answer
 * before its request goes on.
 */
export class ReplayRecords {
  private readonly pool: pg.Pool;
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    this.pool.on('error', reportLostConnections('ReplayRecords'));
  }

  /** Records `id` of `kind` for `expiresInSeconds` unless a live entry already holds it; answers whether this call recorded it. */
  rememberOnce(kind: string, id: string, expiresInSeconds: number): Promise<boolean> {
    // Refused alone, before it joins a statement: an id PostgreSQL cannot store would fail every id sent with it.
    if (!isStorableKey(id) || id.length > LONGEST_ID) return Promise.reject(new Error(`a replay record id must be at most ${LONGEST_ID} characters, without NUL`));
    return new Promise((answer, fail) => {
      this.waiting.push({ kind, id, expiresInSeconds, answer, fail });
      this.sendWhenFree();
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Sends what waits as one statement, unless STATEMENTS_IN_FLIGHT are out (their end sends it). */
  private sendWhenFree(): void {
    if (this.inFlight >= STATEMENTS_IN_FLIGHT || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, MOST_IDS_PER_STATEMENT);
    this.inFlight++;
    void this.record(batch).finally(() => {
      this.inFlight--;
      this.sendWhenFree();
    });
  }

  private async record(batch: Waiting[]): Promise<void> {
    // The same id twice in one statement is one row: the first is recorded (or not), every later one is a replay of it.
    const rows = new Map<string, Waiting>();
    for (const entry of batch) {
      const key = keyOf(entry.kind, entry.id);
      if (rows.has(key)) entry.answer(false);
      else rows.set(key, entry);
    }
    const entries = [...rows.values()];
    try {
      const { rows: recorded } = await this.pool.query<{ kind: string; id: string }>({
        name: 'replay-records-remember-once',
        text: `INSERT INTO oidc_model (kind, id, payload, expires_at)
          SELECT kind, id, '{}'::jsonb, now() + make_interval(secs => seconds)
          FROM unnest($1::varchar[], $2::varchar[], $3::float8[]) AS waiting (kind, id, seconds)
          ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at, consumed_at = NULL
          WHERE oidc_model.expires_at <= now()
          RETURNING kind, id`,
        values: [entries.map((entry) => entry.kind), entries.map((entry) => entry.id), entries.map((entry) => entry.expiresInSeconds)],
      });
      const recordedKeys = new Set(recorded.map((row) => keyOf(row.kind, row.id)));
      for (const entry of entries) entry.answer(recordedKeys.has(keyOf(entry.kind, entry.id)));
    } catch (error) {
      for (const entry of entries) entry.fail(error);
    }
  }
}
