/**
 * The SQLSTATE of a database error as Prisma reports it: the adapter puts the code in `cause.originalCode`; Prisma's
 * own errors (model queries and raw ones alike) carry the adapter's error in `meta.driverAdapterError`. Undefined for
 * an error that did not come from PostgreSQL.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { cause, meta, originalCode } = current as { cause?: unknown; meta?: { driverAdapterError?: unknown }; originalCode?: unknown };
    if (typeof originalCode === 'string') return originalCode;
    current = meta?.driverAdapterError ?? cause;
  }
  return undefined;
}

/** SQLSTATE 23505: a unique constraint refused the row. */
export const isUniqueViolation = (error: unknown): boolean => sqlStateOf(error) === '23505';
