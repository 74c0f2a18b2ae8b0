/** The services that own a database, in the order they are migrated; each keeps its data in its own PostgreSQL database. */
export const DATABASE_OWNERS = ['authorization', 'consent', 'bank', 'tpp'] as const;

export type DatabaseOwner = (typeof DATABASE_OWNERS)[number];

const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/fapi';

/**
 * The connection string of one service's database. `<OWNER>_DATABASE_URL` names it outright; otherwise it is
 * derived from `DATABASE_URL` (default `postgresql://postgres@127.0.0.1:5432/fapi`) by suffixing the database name
 * with the owner, so one server holds `fapi_authorization`, `fapi_consent`, `fapi_bank` and `fapi_tpp` side by side.
 */
export function databaseUrl(owner: DatabaseOwner, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[`${owner.toUpperCase()}_DATABASE_URL`];
  if (explicit) return explicit;
  const base = new URL(env.DATABASE_URL || DEFAULT_BASE_URL);
  const baseName = base.pathname.replace(/^\//, '') || 'fapi';
  base.pathname = `/${baseName}_${owner}`;
  return base.toString();
}
