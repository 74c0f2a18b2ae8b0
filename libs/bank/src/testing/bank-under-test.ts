import type { INestApplication } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { type RequestOf, type RequestSubject, type ReplyOf, sandboxNatsClient } from '@fapi/nats-contract';
import { startHttpsService } from '@fapi/service-runtime';
import { bankApiService } from '../bank-api.sandbox-service';
import { type PrivateNatsServer, dropDatabase, freshDatabase, startPrivateNatsServer, Teardown, TEST_SANDBOX_ID, TestPki } from '@fapi/testing';
import { type TppCertificates, tppCertificates } from './tpp-certificates';

/** The audience tokens must name and the base of every Link: the bank's public URL (not where tests connect). */
export const BANK_URL = 'https://bank.localhost:8444';

export interface BankUnderTest {
  app: INestApplication;
  /** Where the test reaches the bank: https://localhost:<random port>. */
  origin: string;
  pki: TestPki;
  /** The tests' TPPs, with certificates from `pki`. */
  certificates: TppCertificates;
  nats: PrivateNatsServer;
  databaseUrl: string;
  /** A request over NATS to any contract subject (to the bank's handlers, or to fakes on the same server). */
  natsRequest<S extends RequestSubject>(subject: S, payload: RequestOf<S>): Promise<ReplyOf<S>>;
  stop(): Promise<void>;
}

export interface BankUnderTestOptions {
  /** Unique per test file: names the database. */
  name: string;
  /** The issuer of the (fake) authorization server; the bank fetches `${issuer}/jwks`. */
  issuer?: string;
  /** Runs before the bank starts, with the PKI and NATS server it will use (start fakes here). */
  beforeStart?: (pki: TestPki, natsUrl: string) => Promise<{ issuer?: string } | void>;
}

/**
 * Starts the bank in-process exactly as apps/bank-api does (bankApiService: real HTTPS with client certificates
 * checked against the test CA, NATS handlers), on a fresh database, a private NATS server and a random port.
 */
export async function startBankUnderTest(options: BankUnderTestOptions): Promise<BankUnderTest> {
  process.env.LOG_LEVEL ??= 'warn'; // the service's logger (pino) logs every request at info
  const teardown = new Teardown();
  try {
    return await bankUnderTest(options, teardown);
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

async function bankUnderTest(options: BankUnderTestOptions, teardown: Teardown): Promise<BankUnderTest> {
  const pki = teardown.add(await TestPki.create(), (pki) => pki.remove());
  const nats = teardown.add(await startPrivateNatsServer({ jetstream: true }), (server) => server.stop());
  const databaseUrl = teardown.add(await freshDatabase('bank', `fapi_unit_bank_${options.name}`), dropDatabase);
  const started = (await options.beforeStart?.(pki, nats.url)) ?? {};
  Object.assign(process.env, {
    CERTS_DIR: pki.certsDir,
    NATS_URL: nats.url,
    SANDBOX_ID: TEST_SANDBOX_ID,
    BANK_DATABASE_URL: databaseUrl,
    ISSUER: started.issuer ?? options.issuer ?? 'https://authorization-server.localhost:8443',
    BANK_URL,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const { module, https } = bankApiService();
  const app = teardown.add(await startHttpsService(module, https), (app) => app.close());
  const { port } = app.getHttpServer().address() as { port: number };
  const natsClient = ClientProxyFactory.create(sandboxNatsClient({ natsUrl: nats.url, sandboxId: TEST_SANDBOX_ID }));
  const client: ClientProxy = teardown.add(natsClient, (client) => client.close());
  return {
    app,
    origin: `https://localhost:${port}`,
    pki,
    certificates: tppCertificates(pki),
    nats,
    databaseUrl,
    natsRequest: (subject, payload) => firstValueFrom(client.send(subject, payload)),
    stop: () => teardown.run(),
  };
}
