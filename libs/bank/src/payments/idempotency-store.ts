import pg from 'pg';
import { reportLostConnections } from '@fapi/persistence';

/** A response to remember: the HTTP status and the JSON body the first request was answered with. */
export interface RememberedResponse<B = unknown> {
  status: number;
  body: B;
}

/** The same idempotency key (same client, same endpoint, within 24 hours) came with another request body. */
export class IdempotencyKeyReused extends Error {
  override readonly name = 'IdempotencyKeyReused';
  constructor(
    readonly clientId: string,
    readonly endpoint: string,
    readonly key: string,
  ) {
    super(`idempotency key ${key} of ${clientId} at ${endpoint} was used for another request`);
  }
}

/** The first request under this key was still running when this one gave up waiting for its response. */
export class IdempotentRequestStillRunning extends Error {
  override readonly name = 'IdempotentRequestStillRunning';
  constructor(readonly key: string) {
    super(`the request under idempotency key ${key} is still running`);
  }
}

/** OB "Idempotency": the same key from the same TPP is the same request for 24 hours. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

export interface IdempotencyStoreOptions {
  /** The clock (tests move it); default the system clock. */
  now?: () => Date;
  /** How long a request waits for the response of a concurrent one under the same key; default 30 s. */
  maxWaitMs?: number;
}

interface RecordRow {
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: Date;
}

type Outcome<B> = { response: RememberedResponse<B> } | { wait: true };

/**
 * Idempotency records of the PISP POSTs, in the bank's database (table idempotency_record), shared by every bank
 * instance. Under one (client, endpoint, key) only one request at a time runs `create`: it holds a PostgreSQL
 * session advisory lock on the key while it does, so the guarantee spans processes and ends with a crashed holder's
 * connection. The others wait (without holding a connection) for its stored response. The primary key
 * (client, endpoint, key) keeps one record per key; a record older than 24 hours no longer counts.
 */
export class IdempotencyStore {
  private readonly pool: pg.Pool;
  private readonly reportLost = reportLostConnections('IdempotencyStore');
  private readonly now: () => Date;
  private readonly maxWaitMs: number;

  constructor(databaseUrl: string, options: IdempotencyStoreOptions = {}) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    this.pool.on('error', this.reportLost);
    this.now = options.now ?? (() => new Date());
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
  }

  /**
   * The response to a request under an idempotency key: the first request (or the first after 24 hours) runs
   * `create` and its response is stored; a request with the same key and hash gets the stored response, waiting
   * for it while the first still runs; the same key with another hash throws IdempotencyKeyReused. If `create`
   * throws, nothing is stored and the next request under the key runs again.
   */
  async remember<B>(
    clientId: string,
    endpoint: string,
    key: string,
    requestHash: string,
    create: () => Promise<RememberedResponse<B>>,
  ): Promise<RememberedResponse<B>> {
    const giveUpAt = Date.now() + this.maxWaitMs;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt<B>({ clientId, endpoint, key, requestHash }, create);
      if ('response' in outcome) return outcome.response;
      if (Date.now() > giveUpAt) throw new IdempotentRequestStillRunning(key);
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /** One try: answer from a stored response, or take the key's lock and create, or report that another request holds it. */
  private async attempt<B>(request: KeyedRequest, create: () => Promise<RememberedResponse<B>>): Promise<Outcome<B>> {
    const db = await this.pool.connect();
    let broken: Error | undefined;
    // the pool listens only to idle connections: one lost while checked out (e.g. while `create` runs) emits 'error'
    // here, which unhandled would end the process; this request's next query fails, and release discards the connection
    const lost = (error: Error) => {
      this.reportLost(error);
      broken = error;
    };
    db.on('error', lost);
    try {
      const lockKey = [request.clientId, request.endpoint, request.key].join('\n');
      const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockKey]);
      if (!rows[0].locked) {
        const stored = await this.storedResponse<B>(db, request);
        return stored ? { response: stored } : { wait: true };
      }
      try {
        const stored = await this.storedResponse<B>(db, request);
        if (stored) return { response: stored };
        // no live record, or a placeholder whose creator died (its lock is gone): this request creates
        await this.claim(db, request);
        let response: RememberedResponse<B>;
        try {
          response = await create();
        } catch (error) {
          // if the connection is gone, so is its lock: the placeholder left behind counts as abandoned (see claim)
          await db
            .query('DELETE FROM idempotency_record WHERE client_id = $1 AND endpoint = $2 AND idempotency_key = $3', keyOf(request))
            .catch(() => undefined);
          throw error;
        }
        await db.query(
          `UPDATE idempotency_record SET response_status = $4, response_body = $5, completed_at = $6
           WHERE client_id = $1 AND endpoint = $2 AND idempotency_key = $3`,
          // kept as JSON text so that a replay has the body's members in the order they were first sent
          [...keyOf(request), response.status, JSON.stringify(response.body) ?? null, this.now()],
        );
        return { response };
      } finally {
        // a connection that could not unlock is discarded: closing its session releases the lock
        await db.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch((error: Error) => (broken = error));
      }
    } finally {
      db.off('error', lost);
      db.release(broken);
    }
  }

  /** The live record's response; throws IdempotencyKeyReused for a live record of another request; undefined while none is stored. */
  private async storedResponse<B>(db: pg.PoolClient, request: KeyedRequest): Promise<RememberedResponse<B> | undefined> {
    const { rows } = await db.query<RecordRow>(
      `SELECT request_hash, response_status, response_body, created_at FROM idempotency_record
       WHERE client_id = $1 AND endpoint = $2 AND idempotency_key = $3`,
      keyOf(request),
    );
    const record = rows[0];
    if (!record || this.now().getTime() - record.created_at.getTime() >= IDEMPOTENCY_WINDOW_MS) return undefined;
    if (record.request_hash !== request.requestHash) throw new IdempotencyKeyReused(request.clientId, request.endpoint, request.key);
    if (record.response_status === null) return undefined;
    return { status: record.response_status, body: (record.response_body === null ? undefined : JSON.parse(record.response_body)) as B };
  }

  /** Writes the placeholder of a request in progress (replacing an expired or abandoned record under the key). */
  private async claim(db: pg.PoolClient, request: KeyedRequest): Promise<void> {
    await db.query(
      `INSERT INTO idempotency_record (client_id, endpoint, idempotency_key, request_hash, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (client_id, endpoint, idempotency_key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
           response_status = NULL, response_body = NULL, completed_at = NULL`,
      [...keyOf(request), request.requestHash, this.now()],
    );
  }
}

interface KeyedRequest {
  clientId: string;
  endpoint: string;
  key: string;
  requestHash: string;
}

const keyOf = ({ clientId, endpoint, key }: KeyedRequest) => [clientId, endpoint, key];
