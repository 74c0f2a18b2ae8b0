import { Injectable } from '@nestjs/common';
import type { ConsentBase } from '@fapi/nats-contract';
import pg from 'pg';
import { ConsentDatabase } from '../consent-database';

/** A new consent: its first status, who created it, why, and what its kind stores of its own. */
export interface NewConsent {
  kind: string;
  consentId: string;
  clientId: string;
  status: string;
  data: object;
  /** When it expires, for a kind whose consents do. */
  expiresAt?: Date;
  at: Date;
  reason: string;
}

/** One status change, applied only if the consent still has the status it was read with. */
export interface StatusChange {
  kind: string;
  consentId: string;
  from: string;
  to: string;
  at: Date;
  reason: string;
  /** Whether the consent's expiry must have passed at `at` (expiry) or not (every other change). */
  expiry: 'passed' | 'not-passed';
  /** What the change records besides the status: who authorised it (psuId) and the kind's own fields it sets. */
  records?: { psuId?: string };
}

/** A row of `consent` as node-postgres reads it (timestamptz as Date, jsonb parsed). */
interface ConsentRecord {
  id: string;
  kind: string;
  client_id: string;
  status: string;
  creation_date_time: Date;
  status_update_date_time: Date;
  psu_id: string | null;
  data: object;
}

/**
 * Consents of every kind and their status history in the consent service's own PostgreSQL database: what every consent
 * has in columns, the kind's own fields as JSON; read back as the kind's contract type. Each operation is one prepared
 * statement through node-postgres (through Prisma they were ~40 % of the service's CPU, issue 11), the history row
 * written by the same statement as the consent (a data-modifying WITH), so each stays atomic without a transaction.
 */
@Injectable()
export class ConsentStore {
  private readonly pool: pg.Pool;

  constructor(database: ConsentDatabase) {
    this.pool = database.pool;
  }

  /** Stores a new consent together with the history row of its creation. */
  async create<Consent extends ConsentBase>(consent: NewConsent): Promise<Consent> {
    const { rows } = await this.pool.query<ConsentRecord>({
      name: 'consent-create',
      text: `WITH created AS (
          INSERT INTO consent (id, kind, client_id, status, creation_date_time, status_update_date_time, expires_at, data)
          VALUES ($1, $2, $3, $4, $5, $5, $6, $7::jsonb)
          RETURNING *
        ), history AS (
          INSERT INTO consent_status_change (consent_id, from_status, to_status, at, reason)
          SELECT id, NULL, status, creation_date_time, $8 FROM created
        )
        SELECT * FROM created`,
      values: [
        consent.consentId,
        consent.kind,
        consent.clientId,
        consent.status,
        consent.at,
        consent.expiresAt ?? null,
        JSON.stringify(consent.data),
        consent.reason,
      ],
    });
    return asContract<Consent>(rows[0]);
  }

  /** The consent of this kind with this id. Looked up by the id alone (see changeStatus), its kind checked here. */
  async find<Consent extends ConsentBase>(kind: string, consentId: string): Promise<Consent | undefined> {
    const { rows } = await this.pool.query<ConsentRecord>({
      name: 'consent-find',
      text: 'SELECT * FROM consent WHERE id = $1',
      values: [consentId],
    });
    return rows[0]?.kind === kind ? asContract<Consent>(rows[0]) : undefined;
  }

  /**
   * Applies a status change atomically with its history row. The update is conditional on the status the caller
   * read (`WHERE status = from`), so of concurrent changes to one consent (two payments consuming it) only the first
   * commits; the others get undefined and must re-read. The fields it records are merged into the kind's JSON in the
   * same statement. Only the id is a condition the planner can look up in an index (the rest are inside one CASE), so
   * the row is found by its primary key whatever the table's statistics: on a table never analysed (autovacuum off, or
   * a new deployment before its first autoanalyze) the kind and status made the planner walk the (kind, status,
   * expires_at) index instead, every consent of the kind and every entry a change had left there, for each statement
   * (issue 11: PostgreSQL's work per consent-service statement grew eightfold in two minutes of AIS journeys).
   */
  async changeStatus<Consent extends ConsentBase>(change: StatusChange): Promise<Consent | undefined> {
    const { psuId = null, ...fields } = change.records ?? {};
    const { rows } = await this.pool.query<ConsentRecord>({
      name: 'consent-change-status',
      text: `WITH changed AS (
          UPDATE consent
          SET status = $4, status_update_date_time = $5, psu_id = COALESCE($7::text, psu_id), data = data || $8::jsonb
          WHERE id = $1
            AND CASE WHEN kind = $2 AND status = $3
              THEN CASE WHEN $9::boolean THEN expires_at <= $5 ELSE (expires_at IS NULL OR expires_at > $5) END
              ELSE false END
          RETURNING *
        ), history AS (
          INSERT INTO consent_status_change (consent_id, from_status, to_status, at, reason)
          SELECT id, $3, $4, $5, $6 FROM changed
        )
        SELECT * FROM changed`,
      values: [change.consentId, change.kind, change.from, change.to, change.at, change.reason, psuId, JSON.stringify(fields), change.expiry === 'passed'],
    });
    return rows[0] && asContract<Consent>(rows[0]);
  }

  /** The ids of a kind's consents in one of `statuses` whose expiry has passed at `now`. */
  async findExpiredIds(kind: string, statuses: readonly string[], now: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'consent-find-expired',
      text: 'SELECT id FROM consent WHERE kind = $1 AND status = ANY($2::text[]) AND expires_at <= $3',
      values: [kind, [...statuses], now],
    });
    return rows.map((row) => row.id);
  }
}

/** What every consent has, from its columns, with the kind's own fields: the kind's contract type. */
function asContract<Consent extends ConsentBase>(row: ConsentRecord): Consent {
  const consent: ConsentBase = {
    consentId: row.id,
    clientId: row.client_id,
    status: row.status,
    creationDateTime: row.creation_date_time.toISOString(),
    statusUpdateDateTime: row.status_update_date_time.toISOString(),
    psuId: row.psu_id ?? undefined,
  };
  return { ...consent, ...(row.data as object) } as Consent;
}
