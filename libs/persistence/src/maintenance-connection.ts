import pg from 'pg';

/** The database named in a connection string (its path), decoded. */
export const databaseNameOf = (databaseUrl: string): string => decodeURIComponent(new URL(databaseUrl).pathname.slice(1));

/**
 * Runs `work` on a connection to the same server's `postgres` maintenance database, with the credentials of
 * `databaseUrl`: what creating, dropping or fencing off a database needs, since no session may sit in the database it
 * acts on. The connection is closed whatever `work` does.
 */
export async function withMaintenanceConnection<Result>(
  databaseUrl: string,
  work: (client: pg.Client, databaseName: string) => Promise<Result>,
): Promise<Result> {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  client.on('error', () => undefined); // a session ended by the server is reported by the query that meets it
  await client.connect();
  try {
    return await work(client, databaseNameOf(databaseUrl));
  } finally {
    await client.end().catch(() => undefined);
  }
}
