import pg from 'pg';

/**
 * Booking times read as text, not Dates: node-postgres parsing every timestamptz of a transactions read into a Date
 * (a regular expression per value), for `toISOString` to turn a page of them back into text, was a third of the
 * statement's CPU in the bank (issue 11, bench/README.md). The connections that read them run in UTC
 * (PREPARED_STATEMENT_SESSION), so PostgreSQL's own ISO text needs only its separator and zone rewritten.
 */
const POSTGRES_UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?\+00$/;

/** `2025-04-01 09:00:00.5+00` (a timestamptz(3) in a UTC session) as `2025-04-01T09:00:00.500Z`, what toISOString gives. */
export function isoTimestamp(postgresText: string): string {
  const parts = POSTGRES_UTC_TIMESTAMP.exec(postgresText);
  if (!parts) throw new Error(`not a UTC timestamp to the millisecond: ${postgresText}`);
  return `${parts[1]}T${parts[2]}.${(parts[3] ?? '').padEnd(3, '0')}Z`;
}

/** node-postgres types for a statement whose timestamptz columns are wanted as ISO 8601 text. */
export const TIMESTAMPS_AS_ISO_TEXT: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.TIMESTAMPTZ ? isoTimestamp : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
