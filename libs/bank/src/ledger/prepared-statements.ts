import type { OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { reportLostConnections } from '@fapi/persistence';

/** Connections of a bank instance for its prepared statements (beside its Prisma client's own). */
const PREPARED_STATEMENT_CONNECTIONS = 8;

/** Their sessions give times in UTC, as ISO text: what utc-timestamps.ts reads without parsing them into Dates. */
export const PREPARED_STATEMENT_SESSION = '-c TimeZone=UTC -c DateStyle=ISO';

/**
 * The bank's queries that run on every AISP read (the revoked-grant and revoked-consent checks, the accounts, balances
 * and transactions), straight through node-postgres as named prepared statements: through Prisma, its query compiler
 * and result mapping were about a third of the bank's CPU per read (issue 11, bench/README.md). Each query is written
 * once, in the class that owns it (LedgerReads, RevokedGrants, RevokedConsents); this is only their connections.
 */
export class PreparedStatements implements OnApplicationShutdown {
  private readonly pool: pg.Pool;

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

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
