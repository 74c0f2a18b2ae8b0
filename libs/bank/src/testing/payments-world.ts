import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BankStore } from '../ledger/bank-store';
import { seedSandboxBank } from '../ledger/seed';
import type { AcceptDomesticPayment, DomesticPaymentRecord } from '../payments/domestic-payment-record';
import { DomesticPayments } from '../payments/domestic-payments';
import type { PaymentStatus } from '../payments/payment-status';
import { SettlementQueue } from '../payments/settlement-queue';
import { PaymentSettlementWorker, type SettlementWorkerOptions } from '../payments/settlement-worker';
import { type PrivateNatsServer, dropDatabase, eventually, freshDatabase, startPrivateNatsServer, Teardown, TEST_SANDBOX_ID } from '@fapi/testing';

/** A delivered but unacknowledged settlement request comes back after this (short, so tests of lost workers finish quickly). */
export const TEST_ACK_WAIT_MS = 1_000;

/** A running settlement worker with its own NATS connection, as one bank instance has. */
export interface RunningWorker {
  payments: DomesticPayments;
  stop(): Promise<void>;
}

/**
 * The payments core on a fresh seeded database and a private JetStream server: `payments` accepts and queues
 * (no worker runs until a test starts one), `startWorker()` starts a settlement worker like one bank instance.
 */
export interface PaymentsWorld {
  databaseUrl: string;
  nats: PrivateNatsServer;
  store: BankStore;
  queue: SettlementQueue;
  payments: DomesticPayments;
  /** Accepts the test payment (paymentRequest) with these overrides. */
  accept(overrides?: Partial<AcceptDomesticPayment>): Promise<DomesticPaymentRecord>;
  startWorker(options?: SettlementWorkerOptions): Promise<RunningWorker>;
  /** Settlement requests in the stream: queued or delivered but not yet acknowledged. */
  requestsInStream(): Promise<number>;
  /** Publishes the payment's settlement request once more, as a second message. */
  publishAgain(paymentId: string): Promise<void>;
  /** Takes the next settlement request from the durable consumer like a worker that then dies without acknowledging it. */
  takeAndLoseNextRequest(): Promise<JsMsg | null>;
  stop(): Promise<void>;
}

export interface PaymentsWorldOptions {
  /** Another world's NATS server, to share as a second sandbox would (the world does not stop it); else a private one. */
  nats?: PrivateNatsServer;
  /** The sandbox whose settlement queue the world uses (TEST_SANDBOX_ID unless given). */
  sandboxId?: string;
}

export async function startPaymentsWorld(name: string, options: PaymentsWorldOptions = {}): Promise<PaymentsWorld> {
  const teardown = new Teardown();
  try {
    return await paymentsWorld(name, options, teardown);
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

async function paymentsWorld(name: string, options: PaymentsWorldOptions, teardown: Teardown): Promise<PaymentsWorld> {
  const nats = options.nats ?? teardown.add(await startPrivateNatsServer({ jetstream: true }), (server) => server.stop());
  const sandbox = { natsUrl: nats.url, sandboxId: options.sandboxId ?? TEST_SANDBOX_ID };
  const databaseUrl = teardown.add(await freshDatabase('bank', `fapi_unit_bank_${name}`), dropDatabase);
  const store = teardown.add(BankStore.connect(databaseUrl), (store) => store.disconnect());
  await seedSandboxBank(store);
  const queue = teardown.add(await SettlementQueue.connect(sandbox, { ackWaitMs: TEST_ACK_WAIT_MS }), (queue) => queue.close());
  const probe: NatsConnection = teardown.add(await connect({ servers: nats.url }), (probe) => probe.close());
  const workers = teardown.add(new Set<RunningWorker>(), (workers) => Promise.all([...workers].map((worker) => worker.stop())));
  const payments = new DomesticPayments(store, queue);
  const { stream, subject, consumer: durable } = queue.names;
  return {
    databaseUrl,
    nats,
    store,
    queue,
    payments,
    accept: (overrides = {}) => payments.acceptDomesticPayment(paymentRequest(overrides)),
    async startWorker(options) {
      const workerQueue = await SettlementQueue.connect(sandbox, { ackWaitMs: TEST_ACK_WAIT_MS });
      const payments = new DomesticPayments(store, workerQueue);
      const worker = new PaymentSettlementWorker(store, payments, workerQueue, options);
      await worker.start();
      const running: RunningWorker = {
        payments,
        async stop() {
          workers.delete(running);
          try {
            await worker.stop();
          } finally {
            await workerQueue.close();
          }
        },
      };
      workers.add(running);
      return running;
    },
    async requestsInStream() {
      return (await (await jetstreamManager(probe)).streams.info(stream)).state.messages;
    },
    async publishAgain(paymentId) {
      await jetstream(probe).publish(subject, JSON.stringify({ paymentId }));
    },
    async takeAndLoseNextRequest() {
      const doomed = await connect({ servers: nats.url });
      try {
        const consumer = await jetstream(doomed).consumers.get(stream, durable);
        return await consumer.next({ expires: 5_000 });
      } finally {
        await doomed.close();
      }
    },
    stop: () => teardown.run(),
  };
}

/** A payment request from Mia's everyday account to Noah's main account (override any part). */
export function paymentRequest(overrides: Partial<AcceptDomesticPayment> = {}): AcceptDomesticPayment {
  const id = randomUUID();
  return {
    paymentId: `dp-${id}`,
    consentId: `pdc-${id}`,
    clientId: 'tpp-a',
    debtorAccountId: 'acc-mia-everyday',
    creditor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000011', name: 'Noah Okafor' },
    amount: '10.00',
    currency: 'GBP',
    reference: 'SANDBOX TEST',
    initiation: { InstructionIdentification: id.slice(0, 35) },
    risk: {},
    readRefundAccount: false,
    ...overrides,
  };
}

/** A UK payee at another bank. */
export const EXTERNAL_PAYEE = { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '40051571234567', name: 'Northwind Trading Ltd' };

/**
 * How long the payments tests wait for settlement: polled every 50 ms for up to about 20 s (no wall-clock assertion:
 * it only bounds a hung test).
 */
export const SETTLEMENT_PATIENCE = { attempts: 400, intervalMs: 50 };

const DECIDED: readonly PaymentStatus[] = ['ACSC', 'ACCC', 'RJCT'];

/** Waits until the payment is settled or rejected. */
export function decided(payments: DomesticPayments, paymentId: string): Promise<DomesticPaymentRecord> {
  return eventually(
    async () => {
      const payment = await payments.payment(paymentId);
      return payment && DECIDED.includes(payment.status) ? payment : undefined;
    },
    `payment ${paymentId} settled or rejected`,
    SETTLEMENT_PATIENCE,
  );
}

/** Every account's balance column, by account id. */
export async function balances(store: BankStore): Promise<Record<string, number>> {
  const accounts = await store.prisma.account.findMany({ orderBy: { accountId: 'asc' } });
  return Object.fromEntries(accounts.map((account) => [account.accountId, account.balanceMinor]));
}

/** Every account's opening balance plus the net of its postings, by account id. */
export async function postedBalances(store: BankStore): Promise<Record<string, number>> {
  const accounts = await store.prisma.account.findMany({ orderBy: { accountId: 'asc' } });
  const postings = await store.prisma.posting.findMany();
  const result = Object.fromEntries(accounts.map((account) => [account.accountId, account.openingBalanceMinor]));
  for (const posting of postings) result[posting.accountId] += posting.creditDebit === 'Credit' ? posting.amountMinor : -posting.amountMinor;
  return result;
}

export const sum = (values: Record<string, number>, accountIds = Object.keys(values)) => accountIds.reduce((total, id) => total + values[id], 0);
