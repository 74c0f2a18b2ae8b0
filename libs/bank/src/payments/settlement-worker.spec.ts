import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { currentInteraction, runInInteraction } from '@fapi/nats-contract';
import { eventually } from '@fapi/testing';
import {
  balances,
  decided,
  EXTERNAL_PAYEE,
  paymentRequest,
  postedBalances,
  SETTLEMENT_PATIENCE,
  startPaymentsWorld,
  sum,
  type PaymentsWorld,
} from '../testing/payments-world';
import type { AcceptDomesticPayment } from './domestic-payment-record';
import { DomesticPayments } from './domestic-payments';

jest.setTimeout(30_000);

describe('settlement over NATS JetStream (stream <sandboxId>_BANK_PAYMENTS, durable consumer <sandboxId>_bank-payments-settlement)', () => {
  let world: PaymentsWorld;
  beforeAll(async () => {
    world = await startPaymentsWorld('payments_worker');
  }, 60_000);
  afterAll(() => world?.stop());

  const accept = (overrides: Partial<AcceptDomesticPayment> = {}) => world.accept(overrides);
  const postingCount = (paymentId: string) => world.store.prisma.posting.count({ where: { paymentId } });
  const allRequestsAcknowledged = () =>
    eventually(async () => ((await world.requestsInStream()) === 0 ? true : undefined), 'every settlement request acknowledged', SETTLEMENT_PATIENCE);

  it('a running worker settles an accepted payment and acknowledges its request', async () => {
    const worker = await world.startWorker();
    try {
      const payment = await accept({ amount: '3.00' });
      await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      await allRequestsAcknowledged();
    } finally {
      await worker.stop();
    }
  });

  it('the worker settles, and logs, in the interaction that accepted the payment: its id travels in the message headers', async () => {
    const logged: Array<{ message: string; interactionId?: string }> = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logged.push({ message: String(message), interactionId: currentInteraction()?.interactionId });
    });
    const interactionId = '9b2f6a4e-3c1d-4e8f-a7b6-5d4c3b2a1f0e';
    // the worker first: a payment already waiting when it starts is queued again, under the interaction of that start
    const worker = await world.startWorker();
    try {
      const payment = await runInInteraction({ interactionId }, () => accept({ amount: '2.00' }));
      await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      const settled = await eventually(() => logged.find((line) => line.message.includes(payment.paymentId)), 'the settlement logged');
      expect(settled).toEqual({ message: `payment ${payment.paymentId}: settled (ACCC)`, interactionId });
    } finally {
      await worker.stop();
      jest.restoreAllMocks();
    }
  });

  it('a settlement request delivered twice posts the payment once', async () => {
    const before = await balances(world.store);
    const payment = await accept({ amount: '4.00', debtorAccountId: 'acc-mia-savings' });
    await world.publishAgain(payment.paymentId);
    await expect(world.requestsInStream()).resolves.toBe(2);
    const worker = await world.startWorker();
    try {
      await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      await allRequestsAcknowledged();
    } finally {
      await worker.stop();
    }
    await expect(postingCount(payment.paymentId)).resolves.toBe(2);
    expect((await balances(world.store))['acc-mia-savings']).toBe(before['acc-mia-savings'] - 400);
  });

  describe('durability: a payment accepted is settled even if the bank stops in between', () => {
    it('accepted while no worker runs: stays RCVD with its request in the stream, settled once a worker starts', async () => {
      const payment = await accept({ amount: '5.00' });
      await expect(world.requestsInStream()).resolves.toBe(1);
      await expect(world.payments.payment(payment.paymentId)).resolves.toMatchObject({ status: 'RCVD' });
      const worker = await world.startWorker();
      try {
        await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      } finally {
        await worker.stop();
      }
    });

    it('stored but never queued (the process died between commit and publish): queued again when a worker starts', async () => {
      const dyingBank = new DomesticPayments(world.store, { requestSettlement: () => Promise.reject(new Error('process killed')) });
      const payment = await dyingBank.acceptDomesticPayment(paymentRequest({ amount: '6.00' }));
      await expect(world.requestsInStream()).resolves.toBe(0);
      const worker = await world.startWorker();
      try {
        await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      } finally {
        await worker.stop();
      }
    });

    it('taken by a worker that died before acknowledging: delivered again and settled by the next worker', async () => {
      const payment = await accept({ amount: '7.00' });
      const lost = await world.takeAndLoseNextRequest();
      expect(lost?.json()).toEqual({ paymentId: payment.paymentId });
      await expect(world.payments.payment(payment.paymentId)).resolves.toMatchObject({ status: 'RCVD' });
      const worker = await world.startWorker();
      try {
        await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
        await allRequestsAcknowledged();
      } finally {
        await worker.stop();
      }
      await expect(postingCount(payment.paymentId)).resolves.toBe(2);
    });

    it('a worker stopped in the middle of a burst leaves nothing unsettled for the next one', async () => {
      const first = await world.startWorker();
      const burst = await Promise.all(Array.from({ length: 10 }, () => accept({ amount: '1.00', debtorAccountId: 'acc-noah-savings' })));
      await first.stop();
      const second = await world.startWorker();
      try {
        for (const payment of burst) await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
        await allRequestsAcknowledged();
      } finally {
        await second.stop();
      }
      for (const payment of burst) await expect(postingCount(payment.paymentId)).resolves.toBe(2);
    });
  });

  it('a payment waiting for its locked account does not hold up the payments of other accounts behind it', async () => {
    const lockHolder = new pg.Client({ connectionString: world.databaseUrl });
    await lockHolder.connect();
    const worker = await world.startWorker();
    try {
      await lockHolder.query('BEGIN');
      // the lock a settlement of the account takes (lockAccounts): it holds up that account's settlement only
      await lockHolder.query(`SELECT 1 FROM account WHERE account_id = 'acc-noah-business' FOR NO KEY UPDATE`);
      const waiting = await accept({ amount: '1.00', debtorAccountId: 'acc-noah-business', creditor: EXTERNAL_PAYEE });
      const behind = await accept({ amount: '1.00', debtorAccountId: 'acc-mia-savings', creditor: EXTERNAL_PAYEE });
      await expect(decided(world.payments, behind.paymentId)).resolves.toMatchObject({ status: 'ACSC' });
      await expect(world.payments.payment(waiting.paymentId)).resolves.toMatchObject({ status: 'RCVD' });
      await lockHolder.query('COMMIT');
      await expect(decided(world.payments, waiting.paymentId)).resolves.toMatchObject({ status: 'ACSC' });
      await allRequestsAcknowledged();
    } finally {
      await lockHolder.end();
      await worker.stop();
    }
  });

  it('two bank instances sharing the consumer settle a mixed run exactly once, and money is conserved', async () => {
    const before = await balances(world.store);
    const workers = [await world.startWorker(), await world.startWorker()];
    const uk = (identification: string, name: string) => ({ scheme: 'UK.OBIE.SortCodeAccountNumber', identification, name });
    const requests: Partial<AcceptDomesticPayment>[] = [
      { debtorAccountId: 'acc-ava-everyday', creditor: uk('99000110000022', 'Ava Lindqvist'), amount: '800.00' },
      { debtorAccountId: 'acc-ava-savings', creditor: uk('99000110000021', 'Ava Lindqvist'), amount: '250.00' },
      { debtorAccountId: 'acc-ava-travel', creditor: uk('99000110000001', 'Mia Hartley'), amount: '31.00' },
      { debtorAccountId: 'acc-mia-everyday', creditor: uk('99000110000002', 'Mia Hartley'), amount: '999.99' },
      { debtorAccountId: 'acc-mia-savings', creditor: EXTERNAL_PAYEE, amount: '45.67' },
      { debtorAccountId: 'acc-noah-everyday', creditor: uk('99000110000011', 'Noah Okafor'), amount: '0.01' },
      { debtorAccountId: 'acc-noah-business', creditor: EXTERNAL_PAYEE, amount: '5000.00' },
    ];
    try {
      const accepted = await Promise.all([...requests, ...requests, ...requests].map((overrides) => workers[0].payments.acceptDomesticPayment(paymentRequest(overrides))));
      const outcomes = await Promise.all(accepted.map((payment) => decided(world.payments, payment.paymentId)));
      expect(new Set(outcomes.map((payment) => payment.status))).toEqual(new Set(['ACCC', 'ACSC', 'RJCT']));
      for (const payment of outcomes) await expect(postingCount(payment.paymentId)).resolves.toBe(payment.status === 'RJCT' ? 0 : 2);
      await allRequestsAcknowledged();
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const after = await balances(world.store);
    expect(sum(after)).toBe(sum(before));
    expect(after).toEqual(await postedBalances(world.store));
  });

  describe('a settlement that cannot succeed ends after a bounded number of attempts, never loops', () => {
    it('the database refusing the postings: RJCT (MS03) at the first delivery, request acknowledged, no posting', async () => {
      await world.store.prisma.$executeRawUnsafe('ALTER TABLE posting ADD CONSTRAINT test_worker_refuses_42_42 CHECK (amount_minor <> 4242) NOT VALID');
      const worker = await world.startWorker();
      try {
        const payment = await accept({ amount: '42.42' });
        await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'RJCT', statusReason: { code: 'MS03' } });
        await allRequestsAcknowledged();
        await expect(postingCount(payment.paymentId)).resolves.toBe(0);
      } finally {
        await worker.stop();
        await world.store.prisma.$executeRawUnsafe('ALTER TABLE posting DROP CONSTRAINT test_worker_refuses_42_42');
      }
    });

    it('a failure that persists: retried maxDeliveries times, then parked (RCVD, acknowledged); settled after a restart', async () => {
      // every attempt to post 43.43 fails as a transient error would (serialization failure), and is counted
      await world.store.prisma.$executeRawUnsafe(`
        CREATE SEQUENCE test_settlement_attempts;
        CREATE FUNCTION test_fail_43_43() RETURNS trigger AS $$ BEGIN
          IF NEW.amount_minor = 4343 THEN PERFORM nextval('test_settlement_attempts'); RAISE EXCEPTION 'test outage' USING ERRCODE = '40001'; END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER test_fail_43_43 BEFORE INSERT ON posting FOR EACH ROW EXECUTE FUNCTION test_fail_43_43();`);
      const attempts = async () =>
        Number((await world.store.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM test_settlement_attempts'))[0].n);
      let worker = await world.startWorker({ maxDeliveries: 3, retryDelayMs: 50 });
      const payment = await accept({ amount: '43.43' });
      try {
        await allRequestsAcknowledged();
        await expect(attempts()).resolves.toBe(3);
        await new Promise((resolve) => setTimeout(resolve, 500));
        await expect(attempts()).resolves.toBe(3);
        await expect(world.payments.payment(payment.paymentId)).resolves.toMatchObject({ status: 'RCVD' });
      } finally {
        await worker.stop();
        await world.store.prisma.$executeRawUnsafe('DROP TRIGGER test_fail_43_43 ON posting; DROP FUNCTION test_fail_43_43(); DROP SEQUENCE test_settlement_attempts');
      }
      worker = await world.startWorker();
      try {
        await expect(decided(world.payments, payment.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      } finally {
        await worker.stop();
      }
    });
  });

  it('a malformed settlement request is dropped, not retried', async () => {
    const connection = await connect({ servers: world.nats.url });
    await jetstream(connection).publish(world.queue.names.subject, 'not json');
    await connection.close();
    const worker = await world.startWorker();
    try {
      await allRequestsAcknowledged();
    } finally {
      await worker.stop();
    }
  });
});
