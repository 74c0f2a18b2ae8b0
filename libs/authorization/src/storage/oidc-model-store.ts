import type { AdapterPayload } from 'oidc-provider';
import type pg from 'pg';
import { isStorableKey } from './storable-key';

/** Model kinds whose stored instances belong to a grant and go when the grant is revoked (oidc-provider's list). */
const GRANT_BOUND_KINDS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** A live entry: not expired at $3. */
const LIVE = '(expires_at IS NULL OR expires_at > $3)';

/**
 * Every oidc-provider artefact in one PostgreSQL table (`oidc_model`), keyed by model kind and id. Expired rows are
 * invisible to every lookup, so an entry lives exactly as long as oidc-provider asked, in every instance sharing the
 * database; `deleteExpired` reclaims their space. (Ids used once, the assertion and DPoP proof jtis, are recorded in
 * the same table by ./replay-records.ts.) Each operation is one prepared statement through node-postgres: a journey
 * reads and writes about twenty artefacts (request_uri, interaction, session, grant, code), and through Prisma they
 * were a fifth of the authorization server's CPU per journey (issue 11, bench/README.md).
 */
export class OidcModelStore {
  constructor(private readonly pool: pg.Pool) {}

  async upsert(kind: string, id: string, payload: AdapterPayload, expiresInSeconds?: number): Promise<void> {
    await this.pool.query({
      name: 'oidc-model-upsert',
      text: `INSERT INTO oidc_model (kind, id, payload, grant_id, user_code, uid, expires_at, consumed_at)
        VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)
        ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
          uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at, consumed_at = EXCLUDED.consumed_at`,
      values: [
        kind,
        id,
        JSON.stringify(payload),
        GRANT_BOUND_KINDS.has(kind) ? (payload.grantId ?? null) : null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresInSeconds === undefined ? null : new Date(Date.now() + expiresInSeconds * 1000),
        // Saving a consumed artefact again (as found, with `consumed`) must not make it usable again.
        typeof payload.consumed === 'number' ? new Date(payload.consumed * 1000) : null,
      ],
    });
  }

  /** The redirect_uris of every registered client (what a CORS preflight, which names no client, is checked against). */
  async registeredRedirectUris(): Promise<string[]> {
    const { rows } = await this.pool.query<{ payload: { redirect_uris?: unknown } }>({
      name: 'oidc-model-client-payloads',
      text: "SELECT payload FROM oidc_model WHERE kind = 'Client'",
    });
    return rows.flatMap(({ payload }) => {
      const uris = payload.redirect_uris;
      return Array.isArray(uris) ? uris.filter((uri): uri is string => typeof uri === 'string') : [];
    });
  }

  async find(kind: string, id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('oidc-model-find', 'id', kind, id);
  }

  async findByUid(kind: string, uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('oidc-model-find-by-uid', 'uid', kind, uid);
  }

  async findByUserCode(kind: string, userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('oidc-model-find-by-user-code', 'user_code', kind, userCode);
  }

  /**
   * Marks the entry used, once: the conditional update lets only the first of two concurrent redemptions (in any
   * instance) through. Answers whether this call was that first one.
   */
  async consume(kind: string, id: string): Promise<boolean> {
    if (!isStorableKey(id)) return false;
    const { rowCount } = await this.pool.query({
      name: 'oidc-model-consume',
      text: `UPDATE oidc_model SET consumed_at = $3 WHERE kind = $1 AND id = $2 AND consumed_at IS NULL AND ${LIVE}`,
      values: [kind, id, new Date()],
    });
    return rowCount === 1;
  }

  async destroy(kind: string, id: string): Promise<void> {
    if (!isStorableKey(id)) return;
    await this.pool.query({ name: 'oidc-model-destroy', text: 'DELETE FROM oidc_model WHERE kind = $1 AND id = $2', values: [kind, id] });
  }

  async revokeByGrantId(kind: string, grantId: string): Promise<void> {
    if (!isStorableKey(grantId)) return;
    await this.pool.query({ name: 'oidc-model-revoke-grant', text: 'DELETE FROM oidc_model WHERE kind = $1 AND grant_id = $2', values: [kind, grantId] });
  }

  /** Deletes the entries whose lifetime has passed; answers how many went. */
  async deleteExpired(now = new Date()): Promise<number> {
    const { rowCount } = await this.pool.query({ name: 'oidc-model-delete-expired', text: 'DELETE FROM oidc_model WHERE expires_at <= $1', values: [now] });
    return rowCount ?? 0;
  }

  private async findWhere(name: string, column: 'id' | 'uid' | 'user_code', kind: string, key: string): Promise<AdapterPayload | undefined> {
    if (!isStorableKey(kind) || !isStorableKey(key)) return undefined;
    const { rows } = await this.pool.query<{ payload: AdapterPayload; consumed_at: Date | null }>({
      name,
      text: `SELECT payload, consumed_at FROM oidc_model WHERE kind = $1 AND ${column} = $2 AND ${LIVE} LIMIT 1`,
      values: [kind, key, new Date()],
    });
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
  }
}
