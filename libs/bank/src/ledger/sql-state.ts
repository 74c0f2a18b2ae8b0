import pg from 'pg';

/**
 * The SQLSTATE of a database error as node-postgres or Prisma reports it: node-postgres' DatabaseError has it as
 * `code`; Prisma's adapter puts it in `cause.originalCode`, and Prisma's own errors (model queries and raw ones alike)
 * carry the adapter's error in `meta.driverAdapterError`. Undefined for an error that did not come from PostgreSQL.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof pg.DatabaseError) return current.code;
    const { cause, meta, originalCode } = current as { cause?: unknown; meta?: { driverAdapterError?: unknown }; originalCode?: unknown };
    if (typeof originalCode === 'string') return originalCode;
    current = meta?.driverAdapterError ?? cause;
  }
  return undefined;
}

/** SQLSTATE 23505: a unique constraint refused the row. */
export const isUniqueViolation = (error: unknown): boolean => sqlStateOf(error) === '23505';
