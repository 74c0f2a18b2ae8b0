import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { dropDatabase, freePort, freshDatabase } from '@fapi/testing';
import { assertDatabaseReady, DatabaseNotReady } from './database-ready';
import { databaseUrl } from './database-url';

/** The database URL of the owner on the test server, named `name`. */
function urlNamed(name: string): string {
  const url = new URL(databaseUrl('consent'));
  url.pathname = `/${name}`;
  return url.toString();
}

describe('a service starts only with its database migrated, and otherwise says in one line which database and what to run', () => {
  const server = () => {
    const url = new URL(databaseUrl('consent'));
    return `${url.hostname}:${url.port || 5432}`;
  };

  it('a database that does not exist: run db:migrate', async () => {
    const checked = assertDatabaseReady('consent', urlNamed('fapi_unit_nobody_made_this'));
    await expect(checked).rejects.toBeInstanceOf(DatabaseNotReady);
    await expect(checked).rejects.toThrow(`database fapi_unit_nobody_made_this at ${server()} does not exist: run npm run db:migrate (or npm start)`);
  });

  it('a PostgreSQL server that does not answer: start it', async () => {
    const port = await freePort();
    await expect(assertDatabaseReady('consent', `postgresql://postgres@127.0.0.1:${port}/fapi_consent`)).rejects.toThrow(
      `PostgreSQL at 127.0.0.1:${port} does not answer (ECONNREFUSED): start it (bash infra/scripts/ensure-local-services.sh) or set DATABASE_URL`,
    );
  });

  describe('an existing database', () => {
    let url: string;
    let client: pg.Client;
    beforeAll(async () => {
      url = await freshDatabase('consent', 'fapi_unit_database_ready');
      client = new pg.Client({ connectionString: url });
      await client.connect();
    });
    afterAll(async () => {
      await client.end();
      await dropDatabase(url);
    });
    const name = () => new URL(url).pathname.slice(1);

    it('with no migration history (never migrated by db:migrate): run db:migrate', async () => {
      await expect(assertDatabaseReady('consent', url)).rejects.toThrow(
        `database ${name()} at ${server()} is not migrated: run npm run db:migrate (or npm start)`,
      );
    });

    it('missing the newest migration: names it; with every migration recorded: ready', async () => {
      await client.query(`CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
        finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
        started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)`);
      const migrations = readdirSync(path.resolve(__dirname, '../../consent/prisma/migrations'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      const newest = migrations.at(-1) as string;
      for (const [index, migration] of migrations.slice(0, -1).entries()) {
        await client.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at) VALUES ($1, 'x', $2, now())`, [`m${index}`, migration]);
      }
      await expect(assertDatabaseReady('consent', url)).rejects.toThrow(
        `database ${name()} at ${server()} lacks 1 migration(s) (${newest}): run npm run db:migrate (or npm start)`,
      );
      await client.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at) VALUES ('newest', 'x', $1, now())`, [newest]);
      await expect(assertDatabaseReady('consent', url)).resolves.toBeUndefined();
    });
  });
});
