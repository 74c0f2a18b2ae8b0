/**
 * The consent service over real NATS and a real PostgreSQL database, for specs: the Nest microservice runs in-process
 * and is called on the contract's subjects by a NatsContractClient, while a plain NATS subscriber records events.
 * Each spec gets a private nats-server (the contract's subjects are fixed, so on the shared server another test's stub
 * or a running consent-service could answer; NATS_SERVER_BIN names the binary, default `nats-server` on PATH) and a
 * database of its own, recreated and migrated here.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { INestMicroservice } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import {
  type EventOf,
  type EventSubject,
  NatsContractClient,
  NatsContractModule,
  Requests,
  type RpcReply,
} from '@fapi/nats-contract';
import { createPrismaClient } from '@fapi/persistence';
import { PrismaClient } from '../../generated/prisma';
import { ConsentModule } from '../consent.module';

const libRoot = path.resolve(__dirname, '../..');
const repoRoot = path.resolve(libRoot, '../..');

/** `name` on the PostgreSQL server DATABASE_URL names (default the local one). */
function databaseUrlNamed(name: string): string {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/fapi');
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreateMigratedDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  execFileSync(path.join(repoRoot, 'node_modules/.bin/prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
    cwd: libRoot,
    env: { ...process.env, CONSENT_DATABASE_URL: url },
    stdio: 'pipe',
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `attempt` until it returns a value, at most 150 times 100 ms apart. */
export async function eventually<T>(attempt: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function startPrivateNatsServer(): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  const binary = process.env.NATS_SERVER_BIN || 'nats-server';
  const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  const failed = new Promise<never>((_, reject) =>
    server.once('error', (error) => reject(new Error(`cannot start nats-server: ${error.message}`))),
  );
  const answering = eventually(() => connect({ servers: url }).catch(() => undefined), `nats-server on ${url}`);
  await (await Promise.race([answering, failed])).close();
  return { url, server };
}

export const valueOf = <T>(reply: RpcReply<T>): T => {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
};

export class ConsentServiceTestbed {
  readonly databaseUrl: string;
  caller!: NatsContractClient;
  database!: PrismaClient;
  private nats?: { url: string; server: ChildProcess };
  private callerModule?: TestingModule;
  private listener?: NatsConnection;

  constructor(databaseName: string) {
    this.databaseUrl = databaseUrlNamed(databaseName);
  }

  async start(): Promise<this> {
    await recreateMigratedDatabase(this.databaseUrl);
    this.database = createPrismaClient(PrismaClient, this.databaseUrl);
    this.nats = await startPrivateNatsServer();
    this.listener = await connect({ servers: this.nats.url });
    this.callerModule = await Test.createTestingModule({ imports: [NatsContractModule.forRoot(this.nats.url)] }).compile();
    await this.callerModule.init();
    this.caller = this.callerModule.get(NatsContractClient);
    return this;
  }

  /** Records every event published on `subject` from now on, in the returned (growing) list. */
  async record<S extends EventSubject>(subject: S): Promise<EventOf<S>[]> {
    const events: EventOf<S>[] = [];
    const subscription = this.listener!.subscribe(subject);
    void (async () => {
      for await (const message of subscription) events.push(message.json<{ data: EventOf<S> }>().data);
    })();
    await this.listener!.flush();
    return events;
  }

  /** Starts the consent service as consent-service's app does, and waits until it answers; the caller closes it. */
  async startService(expirySweepIntervalMs: number): Promise<INestMicroservice> {
    const natsUrl = this.nats!.url;
    const moduleRef = await Test.createTestingModule({
      imports: [NatsContractModule.forRoot(natsUrl), ConsentModule.forRoot({ databaseUrl: this.databaseUrl, expirySweepIntervalMs })],
    }).compile();
    const service = moduleRef.createNestMicroservice({ transport: Transport.NATS, options: { servers: [natsUrl] } });
    await service.listen();
    // listen() resolves before the server has seen the subscriptions: wait until a request gets an answer.
    await eventually(
      () => this.caller.request(Requests.getAccountAccessConsent, { consentId: 'readiness-probe' }).catch(() => undefined),
      'the consent service',
    );
    return service;
  }

  async stop(): Promise<void> {
    await this.callerModule?.close();
    await this.listener?.close();
    await this.database?.$disconnect();
    this.nats?.server.kill();
  }
}
