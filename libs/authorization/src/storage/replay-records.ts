import pg from 'pg';
import { reportLostConnections } from '@fapi/persistence';

/**
 * The ids that may be used once until they expire (client assertion and DPoP proof `jti`s), in the shared `oidc_model`
 * table. Recorded with one statement, so that of two instances (or requests) recording the same id at once exactly
 * one succeeds. Straight through node-postgres, as a prepared statement: it runs on every private_key_jwt grant and
 * every DPoP proof, and through Prisma the same statement cost three times the CPU (issue 11, bench/README.md).
 */
export class ReplayRecords {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    this.pool.on('error', reportLostConnections('ReplayRecords'));
  }

  /** Records `id` of `kind` for `expiresInSeconds` unless a live entry already holds it; answers whether this call recorded it. */
  async rememberOnce(kind: string, id: string, expiresInSeconds: number): Promise<boolean> {
    const { rowCount } = await this.pool.query({
      name: 'replay-records-remember-once',
      text: `INSERT INTO oidc_model (kind, id, payload, expires_at)
        VALUES ($1, $2, '{}'::jsonb, now() + make_interval(secs => $3))
        ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at, consumed_at = NULL
        WHERE oidc_model.expires_at <= now()`,
      values: [kind, id, expiresInSeconds],
    });
    return rowCount === 1;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
