import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const repoRoot = path.resolve(__dirname, '../../../..');

async function adminQuery(url: URL, sql: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Applies the bank's migrations with the Prisma CLI (`prisma migrate deploy`). The CLI keeps a database connection
 * open for about 10 s after it has finished, so this returns as soon as it reports success and then stops it.
 */
function migrate(databaseUrl: string): Promise<void> {
  const cli = spawn(path.join(repoRoot, 'node_modules/.bin/prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
    cwd: path.join(repoRoot, 'libs/bank'),
    env: { ...process.env, BANK_DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (/All migrations have been successfully applied|No pending migrations to apply/.test(output)) {
        cli.kill();
        resolve();
      }
    };
    cli.stdout.on('data', onOutput);
    cli.stderr.on('data', onOutput);
    cli.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (${code}):\n${output}`))));
  });
}

/**
 * A fresh bank database for one test file, `<DATABASE_URL db>_unit_bank_<name>` (default server 127.0.0.1:5432),
 * migrated with the bank's Prisma migrations. Returns its URL.
 */
export async function freshBankDatabase(name: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/fapi');
  url.pathname = `/${url.pathname.replace(/^\//, '') || 'fapi'}_unit_bank_${name}`;
  const database = url.pathname.slice(1);
  await adminQuery(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE "${database}"`);
  await migrate(url.toString());
  return url.toString();
}

/** Drops a database made by freshBankDatabase. */
export async function dropBankDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  await adminQuery(url, `DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
}
