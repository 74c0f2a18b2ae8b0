import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');

/**
 * An empty database of this lib's own (never shared with other tests), at the schema of the committed Prisma
 * migrations: their generated SQL applied in order.
 */
export async function freshDatabase(name: string): Promise<string> {
  const base = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminClient.query(`CREATE DATABASE "${name}"`);
  await adminClient.end();

  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  for (const migration of readdirSync(MIGRATIONS_DIR).filter((entry) => existsSync(path.join(MIGRATIONS_DIR, entry, 'migration.sql'))).sort()) {
    await client.query(readFileSync(path.join(MIGRATIONS_DIR, migration, 'migration.sql'), 'utf8'));
  }
  await client.end();
  return url.toString();
}

/**
 * A NATS server of this test file's own, so fake responders on the contract's real subjects never meet another
 * test's (or a running sandbox's) services on the shared server.
 */
export class PrivateNatsServer {
  private process?: ChildProcess;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    const binary = process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
    this.process = spawn(binary, ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    this.url = `nats://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await answers(port)) return this;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nats-server (${binary}) did not start on port ${port}`);
  }

  async stop(): Promise<void> {
    this.process?.kill();
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
