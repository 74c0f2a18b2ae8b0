import pg from 'pg';

/**
 * Terminates every server process connected to the database of `databaseUrl` except this call's own, as an operator's
 * `pg_terminate_backend` or a failover does: their clients get error 57P01 and a closed socket. Resolves once the
 * processes have exited; returns how many there were.
 */
export async function terminateConnections(databaseUrl: string): Promise<number> {
  const database = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      // the timeout makes each call wait until its process is gone
      'SELECT pg_terminate_backend(pid, 5000) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows.filter((row) => row.terminated).length;
  } finally {
    await client.end();
  }
}
