import { createHash } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { reportLostConnections } from '@fapi/persistence';
import type { Prisma } from '../../generated/prisma';

/** Connections of a bank instance for its prepared statements (beside its Prisma client's own). */
const PREPARED_STATEMENT_CONNECTIONS = 8;

/** Their sessions give times in UTC, as ISO text: what utc-timestamps.ts reads without parsing them into Dates. */
export const PREPARED_STATEMENT_SESSION = '-c TimeZone=UTC -c DateStyle=ISO';

/**
 * The bank's queries that run on every AISP read (the revoked-grant and revoked-consent checks, the accounts, balances
 * and transactions) and every payment (its debtor, the payment stored, its settlement), straight through node-postgres
 * as named prepared statements: through Prisma, its query compiler and result mapping were about a third of the bank's
 * CPU per read (issue 11, bench/README.md). Each query is written once, in the code that owns it (LedgerReads,
 * RevokedGrants, RevokedConsents, DomesticPayments, settlement); this is only their connections. The bank's store
 * (BankStore) owns one; the application's shutdown, or the store's, closes it.
 */
export class PreparedStatements implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private closing?: Promise<void>;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: PREPARED_STATEMENT_CONNECTIONS, options: PREPARED_STATEMENT_SESSION });
    this.pool.on('error', reportLostConnections('PreparedStatements'));
  }

  /**
   * The rows of the statement `name` (prepared on each connection at its first use) run with `values`; `types`: how
   * its columns are parsed, when not node-postgres' defaults.
   */
  async rows<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[], types?: pg.CustomTypesConfig): Promise<Row[]> {
    return (await this.pool.query<Row>({ name, text, values, types })).rows;
  }

  /** Whether the statement `name` finds any row. */
  async exists(name: string, text: string, values: unknown[]): Promise<boolean> {
    return ((await this.pool.query({ name, text, values })).rowCount ?? 0) > 0;
  }

  /**
   * The rows of `query`, a Prisma.sql template (fragments composed), as a statement named after its text: each text is
   * parsed and planned once per connection. Prisma runs every raw query as an unnamed statement, parsed and planned at
   * each run: 60-80 % of the payment statements' time in PostgreSQL (issue 11, bench/README.md). Dates go as ISO 8601
   * UTC text, as Prisma sends them in UTC.
   */
  async sqlRows<Row extends pg.QueryResultRow>(query: Prisma.Sql): Promise<Row[]> {
    const name = `sql-${createHash('sha256').update(query.text).digest('base64url').slice(0, 24)}`;
    return this.rows<Row>(name, query.text, query.values.map((value) => (value instanceof Date ? value.toISOString() : value)));
  }

  /** Closes the connections (once, however often asked). */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
