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

/**
 * How long a request's claim on its key lasts unless renewed: the request renews it every third of this while it runs
 * (a POST's work, a few statements and NATS requests, seldom needs one). A claim outlives its request only when the bank
 * instance running it died; a retry under the key then waits at most this long (within its maxWaitMs) and runs.
 */
export const IDEMPOTENCY_LEASE_MS = 10_000;

export interface IdempotencyStoreOptions {
  /** The clock (tests move it); default the system clock. */
  now?: () => Date;
  /** How long a request waits for the response of a concurrent one under the same key; default 30 s. */
  maxWaitMs?: number;
  /** How long a claim lasts unless renewed; default IDEMPOTENCY_LEASE_MS. */
  leaseMs?: number;
}

interface ClaimRow {
  claimed: boolean;
  /** The record as it was before this request's statement (null when there was none). */
  request_hash: string | null;
  response_status: number | null;
  response_body: string | null;
  created_at: Date | null;
}

/** A claim: this request runs `create`; a claim is known by when it ends (each claim on a key, and each renewal, ends later). */
type Outcome<B> = { response: RememberedResponse<B> } | { claimedUntil: Date } | { wait: true };

/**
 * The record under a request's own claim ($1-$3 the key, $4 when the claim ends): what its renewals, its response and
 * its giving up change, so that a request whose claim was taken by another changes nothing.
 */
const UNDER_OWN_CLAIM = 'client_id = $1 AND endpoint = $2 AND idempotency_key = $3 AND lease_until = $4';

/**
 * Idempotency records of the PISP POSTs, in the bank's database (table idempotency_record), shared by every bank
 * instance. Under one (client, endpoint, key) only one request at a time runs `create`: the first claims the key in
 * the statement that looks it up (a placeholder record with a lease, IDEMPOTENCY_LEASE_MS, renewed while it runs),
 * runs `create` holding no connection, and stores its response. The others wait (holding no connection either) for
 * that response; a placeholder whose lease has ended was left by a bank that died, and the next request claims it
 * again. The primary key (client, endpoint, key) keeps one record per key; a record older than 24 hours no longer counts.
 * Its statements are named, so each connection parses and plans them once: as unnamed statements, PostgreSQL's parse
 * and plan were ~80 % of the claim's time in PostgreSQL (1.7 of 2.1 ms per claim on the tenth session's machine).
 */
export class IdempotencyStore {
  private readonly pool: pg.Pool;
  private readonly now: () => Date;
  private readonly maxWaitMs: number;
  private readonly leaseMs: number;

  constructor(databaseUrl: string, options: IdempotencyStoreOptions = {}) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    this.pool.on('error', reportLostConnections('IdempotencyStore'));
    this.now = options.now ?? (() => new Date());
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
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
    const request = { clientId, endpoint, key, requestHash };
    const giveUpAt = Date.now() + this.maxWaitMs;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.claimOrRead<B>(request);
      if ('response' in outcome) return outcome.response;
      if ('claimedUntil' in outcome) return this.createUnderClaim(request, outcome.claimedUntil, create);
      if (Date.now() > giveUpAt) throw new IdempotentRequestStillRunning(key);
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * One statement: claims the key when it has no live record (none, one older than 24 hours, or a placeholder whose
   * lease has ended), else reads the record: its stored response, or that its request is still running.
   */
  private async claimOrRead<B>(request: KeyedRequest): Promise<Outcome<B>> {
    const now = this.now();
    const claimedUntil = new Date(now.getTime() + this.leaseMs);
    const windowStart = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
    const { rows } = await this.pool.query<ClaimRow>({
      name: 'idempotency-claim-or-read',
      text: `WITH claim AS (
         INSERT INTO idempotency_record AS record (client_id, endpoint, idempotency_key, request_hash, created_at, lease_until)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (client_id, endpoint, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, lease_until = EXCLUDED.lease_until,
             response_status = NULL, response_body = NULL, completed_at = NULL
         WHERE record.created_at <= $7 OR (record.response_status IS NULL AND (record.lease_until IS NULL OR record.lease_until < $5))
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM claim) AS claimed, stored.request_hash, stored.response_status, stored.response_body, stored.created_at
       FROM (SELECT 1) AS this_request
       LEFT JOIN idempotency_record stored ON stored.client_id = $1 AND stored.endpoint = $2 AND stored.idempotency_key = $3`,
      values: [...keyOf(request), request.requestHash, now, claimedUntil, windowStart],
    });
    const row = rows[0];
    if (row.claimed) return { claimedUntil };
    // Not claimed, so a live record exists. The join reads the table as it was when the statement began: a record
    // inserted or claimed again by a concurrent request since then shows as none or as its expired predecessor.
    if (row.created_at === null || row.created_at.getTime() <= windowStart.getTime()) return { wait: true };
    if (row.request_hash !== request.requestHash) throw new IdempotencyKeyReused(request.clientId, request.endpoint, request.key);
    if (row.response_status === null) return { wait: true };
    return { response: { status: row.response_status, body: (row.response_body === null ? undefined : JSON.parse(row.response_body)) as B } };
  }

  /**
   * Runs `create`, renewing the claim while it runs, and stores its response under the claim; when `create` throws,
   * gives the key up. A claim lost meanwhile (it ended and another request took the key) is left to its new holder.
   */
  private async createUnderClaim<B>(request: KeyedRequest, claimedUntil: Date, create: () => Promise<RememberedResponse<B>>): Promise<RememberedResponse<B>> {
    let claim: Date | undefined = claimedUntil;
    let renewing: Promise<void> = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = renewing.then(async () => {
        if (!claim) return;
        const renewedUntil = new Date(this.now().getTime() + this.leaseMs);
        const { rowCount } = await this.pool.query({
          name: 'idempotency-renew-claim',
          text: `UPDATE idempotency_record SET lease_until = $5 WHERE ${UNDER_OWN_CLAIM}`,
          values: [...keyOf(request), claim, renewedUntil],
        });
        claim = rowCount === 1 ? renewedUntil : undefined;
      }).catch(() => undefined); // a failed renewal is tried again at the next; the claim holds until its lease ends
    }, this.leaseMs / 3);
    const ownClaim = async () => {
      clearInterval(renewal);
      await renewing;
      return claim && [...keyOf(request), claim];
    };
    let response: RememberedResponse<B>;
    try {
      response = await create();
    } catch (error) {
      const owned = await ownClaim();
      if (owned) {
        await this.pool
          .query({ name: 'idempotency-give-up-claim', text: `DELETE FROM idempotency_record WHERE ${UNDER_OWN_CLAIM}`, values: owned })
          .catch(() => undefined); // a placeholder left behind counts as abandoned once its lease ends
      }
      throw error;
    }
    const owned = await ownClaim();
    if (owned) {
      await this.pool.query({
        name: 'idempotency-store-response',
        text: `UPDATE idempotency_record SET response_status = $5, response_body = $6, completed_at = $7 WHERE ${UNDER_OWN_CLAIM}`,
        // kept as JSON text so that a replay has the body's members in the order they were first sent
        values: [...owned, response.status, JSON.stringify(response.body) ?? null, this.now()],
      });
    }
    return response;
  }
}

interface KeyedRequest {
  clientId: string;
  endpoint: string;
  key: string;
  requestHash: string;
}

const keyOf = ({ clientId, endpoint, key }: KeyedRequest) => [clientId, endpoint, key];
