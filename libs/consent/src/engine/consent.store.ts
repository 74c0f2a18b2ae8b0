import { Injectable } from '@nestjs/common';
import type { ConsentBase } from '@fapi/nats-contract';
import { type Consent as ConsentRow, Prisma, type PrismaClient } from '../../generated/prisma';
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

/**
 * Consents of every kind and their status history in the consent service's own PostgreSQL database: what every consent
 * has in columns, the kind's own fields as JSON; read back as the kind's contract type.
 */
@Injectable()
export class ConsentStore {
  private readonly prisma: PrismaClient;

  constructor(database: ConsentDatabase) {
    this.prisma = database.prisma;
  }

  /** Stores a new consent together with the history row of its creation. */
  async create<Consent extends ConsentBase>(consent: NewConsent): Promise<Consent> {
    const row = await this.prisma.consent.create({
      data: {
        id: consent.consentId,
        kind: consent.kind,
        clientId: consent.clientId,
        status: consent.status,
        creationDateTime: consent.at,
        statusUpdateDateTime: consent.at,
        expiresAt: consent.expiresAt,
        data: consent.data as Prisma.InputJsonObject,
        statusHistory: { create: { fromStatus: null, toStatus: consent.status, at: consent.at, reason: consent.reason } },
      },
    });
    return asContract<Consent>(row);
  }

  async find<Consent extends ConsentBase>(kind: string, consentId: string): Promise<Consent | undefined> {
    const row = await this.prisma.consent.findUnique({ where: { id: consentId, kind } });
    return row ? asContract<Consent>(row) : undefined;
  }

  /**
   * Applies a status change atomically with its history row. The update is conditional on the status the caller
   * read (`WHERE status = from`), so of concurrent changes to one consent (two payments consuming it) only the first
   * commits; the others get undefined and must re-read. The fields it records are merged into the kind's JSON in the
   * same statement. One statement (the update, the history row of what it updated, the consent as it now is): a
   * payment waits for its consent's change, and an interactive transaction took five round trips.
   */
  async changeStatus<Consent extends ConsentBase>(change: StatusChange): Promise<Consent | undefined> {
    const { psuId = null, ...fields } = change.records ?? {};
    const [row] = await this.prisma.$queryRaw<ConsentRow[]>`
      WITH changed AS (
        UPDATE consent
        SET status = ${change.to}, status_update_date_time = ${change.at},
            psu_id = COALESCE(${psuId}, psu_id), data = data || ${JSON.stringify(fields)}::jsonb
        WHERE id = ${change.consentId} AND kind = ${change.kind} AND status = ${change.from} AND ${expiryCondition(change)}
        RETURNING *
      ), history AS (
        INSERT INTO consent_status_change (consent_id, from_status, to_status, at, reason)
        SELECT id, ${change.from}, ${change.to}, ${change.at}, ${change.reason} FROM changed
      )
      SELECT id, kind, client_id AS "clientId", status, creation_date_time AS "creationDateTime",
        status_update_date_time AS "statusUpdateDateTime", expires_at AS "expiresAt", psu_id AS "psuId", data
      FROM changed`;
    return row && asContract<Consent>(row);
  }

  /** The ids of a kind's consents in one of `statuses` whose expiry has passed at `now`. */
  async findExpiredIds(kind: string, statuses: readonly string[], now: Date): Promise<string[]> {
    const rows = await this.prisma.consent.findMany({
      where: { kind, status: { in: [...statuses] }, expiresAt: { lte: now } },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }
}

function expiryCondition(change: StatusChange): Prisma.Sql {
  return change.expiry === 'passed'
    ? Prisma.sql`expires_at <= ${change.at}`
    : Prisma.sql`(expires_at IS NULL OR expires_at > ${change.at})`;
}

/** What every consent has, from its columns, with the kind's own fields: the kind's contract type. */
function asContract<Consent extends ConsentBase>(row: ConsentRow): Consent {
  const consent: ConsentBase = {
    consentId: row.id,
    clientId: row.clientId,
    status: row.status,
    creationDateTime: row.creationDateTime.toISOString(),
    statusUpdateDateTime: row.statusUpdateDateTime.toISOString(),
    psuId: row.psuId ?? undefined,
  };
  return { ...consent, ...(row.data as object) } as Consent;
}
