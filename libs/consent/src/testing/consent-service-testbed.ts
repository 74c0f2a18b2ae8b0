/**
 * The consent service over real NATS and a real PostgreSQL database, for specs: the Nest microservice runs in-process
 * and is called on the contract's subjects by a NatsContractClient, while a plain NATS subscriber records events.
 * Each spec gets a private nats-server (the tests' worlds share one namespace, TEST_SANDBOX_ID, so on a shared server
 * another test's stub could answer) and a database of its own, recreated and migrated here.
 */
import type { INestMicroservice } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { Test, type TestingModule } from '@nestjs/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import {
  type EventOf,
  type EventSubject,
  NATS_CLIENT,
  NatsContractClient,
  NatsContractModule,
  namespacedSubject,
  Requests,
  type RpcReply,
  type SandboxNats,
  sandboxNatsServer,
} from '@fapi/nats-contract';
import { createPrismaClient } from '@fapi/persistence';
import { dropDatabase, eventually, freshDatabase, type PrivateNatsServer, startPrivateNatsServer, TEST_SANDBOX_ID } from '@fapi/testing';
import { PrismaClient } from '../../generated/prisma';
import { ConsentModule } from '../consent.module';
import type { ConsentModuleOptions } from '../consent-module-options';

/** Two TPPs (OAuth clients): consents are created by the first, the second asks about consents not its own. */
export const TPP_A = 'tpp-a';
export const TPP_B = 'tpp-b';

/** An expiry sweep interval that never comes during a spec: expiry then happens on reads only. */
export const SWEEP_OFF_MS = 60 * 60 * 1000;

export const valueOf = <T>(reply: RpcReply<T>): T => {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
};

/** What an event of a consent status change carries that the specs look for. */
type StatusChange = { consentId: string; status: string };

export class ConsentServiceTestbed {
  databaseUrl = '';
  caller!: NatsContractClient;
  database!: PrismaClient;
  private nats?: PrivateNatsServer;
  private callerModule?: TestingModule;
  private listener?: NatsConnection;

  constructor(private readonly databaseName: string) {}

  /** The private NATS server, and the namespace the service and its callers speak in. */
  private get sandbox(): SandboxNats {
    return { natsUrl: this.nats!.url, sandboxId: TEST_SANDBOX_ID };
  }

  async start(): Promise<this> {
    this.databaseUrl = await freshDatabase('consent', this.databaseName);
    this.database = createPrismaClient(PrismaClient, this.databaseUrl);
    this.nats = await startPrivateNatsServer();
    this.listener = await connect({ servers: this.nats.url });
    this.callerModule = await Test.createTestingModule({ imports: [NatsContractModule.forRoot(this.sandbox)] }).compile();
    await this.callerModule.init();
    this.caller = this.callerModule.get(NatsContractClient);
    return this;
  }

  /**
   * Records every event published on `subject` from now on, in the returned (growing) list; a subject outside the
   * contract (a spec's own consent kind) records its events untyped.
   */
  async record<S extends EventSubject>(subject: S): Promise<EventOf<S>[]>;
  async record(subject: string): Promise<unknown[]>;
  async record(subject: string): Promise<unknown[]> {
    const events: unknown[] = [];
    const subscription = this.listener!.subscribe(namespacedSubject(TEST_SANDBOX_ID, subject));
    void (async () => {
      for await (const message of subscription) events.push(message.json<{ data: unknown }>().data);
    })();
    await this.listener!.flush();
    return events;
  }

  /** Asks on a subject outside the contract (a spec's own consent kind), as the contract's callers ask on theirs. */
  send(subject: string, payload: unknown): Promise<RpcReply<unknown>> {
    return firstValueFrom(this.callerModule!.get<ClientProxy>(NATS_CLIENT).send(subject, payload));
  }

  /** Waits for the event of `consentId` becoming `status` among the recorded `events`. */
  statusChangeOf<Event extends StatusChange>(events: Event[], consentId: string, status: string): Promise<Event> {
    return eventually(
      () => events.find((event) => event.consentId === consentId && event.status === status),
      `the ${status} event of ${consentId}`,
    );
  }

  /** The status history of a consent, oldest first. */
  historyOf(consentId: string) {
    return this.database.consentStatusChange.findMany({
      where: { consentId },
      orderBy: { id: 'asc' },
      select: { fromStatus: true, toStatus: true, reason: true },
    });
  }

  /**
   * Starts the consent service as consent-service's app does (with its kinds, unless `options` name others), and waits
   * until it answers; the caller closes it.
   */
  async startService(expirySweepIntervalMs: number, options: Pick<ConsentModuleOptions, 'kinds'> = {}): Promise<INestMicroservice> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        NatsContractModule.forRoot(this.sandbox),
        ConsentModule.forRoot({ ...options, databaseUrl: this.databaseUrl, expirySweepIntervalMs }),
      ],
    }).compile();
    const service = moduleRef.createNestMicroservice(sandboxNatsServer(this.sandbox, 'consent-service'));
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
    await this.nats?.stop();
    if (this.databaseUrl) await dropDatabase(this.databaseUrl);
  }
}
