import { type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BankApiModule } from '../bank-api.module';
import { BankStore } from '../ledger/bank-store';
import { decided, paymentRequest } from '../testing/payments-world';
import { DomesticPayments } from './domestic-payments';
import { SettlementQueue } from './settlement-queue';
import { type PrivateNatsServer, dropDatabase, freshDatabase, startPrivateNatsServer, Teardown, TEST_SANDBOX_ID, TestPki } from '@fapi/testing';

jest.setTimeout(30_000);

describe('the bank-api process settles the payments it accepts, across a restart (BankApiModule)', () => {
  let nats: PrivateNatsServer;
  let databaseUrl: string;
  const teardown = new Teardown();
  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    nats = teardown.add(await startPrivateNatsServer({ jetstream: true }), (server) => server.stop());
    databaseUrl = teardown.add(await freshDatabase('bank', 'fapi_unit_bank_payments_module'), dropDatabase);
    const pki = teardown.add(await TestPki.create(), (pki) => pki.remove());
    Object.assign(process.env, {
      CERTS_DIR: pki.certsDir,
      NATS_URL: nats.url,
      SANDBOX_ID: TEST_SANDBOX_ID,
      BANK_DATABASE_URL: databaseUrl,
      ISSUER: 'https://authorization-server.localhost:8443',
      BANK_URL: 'https://bank.localhost:8444',
    });
  }, 60_000);
  afterAll(() => teardown.run());

  /** The bank as apps/bank-api runs it, without its HTTP listener (the settlement worker runs in the process). */
  const startBank = (): Promise<INestApplicationContext> => NestFactory.createApplicationContext(BankApiModule, { logger: ['error'] });

  it('settles a payment it accepts, and after a restart those accepted just before it stopped', async () => {
    const bank = await startBank();
    try {
      const settledWhileUp = await bank.get(DomesticPayments).acceptDomesticPayment(paymentRequest({ amount: '1.50' }));
      await expect(decided(bank.get(DomesticPayments), settledWhileUp.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
    } finally {
      await bank.close();
    }

    // while the bank is down: one payment stored and queued, one stored but never queued (killed before publishing)
    const store = teardown.add(BankStore.connect(databaseUrl), (store) => store.disconnect());
    const queue = await SettlementQueue.connect({ natsUrl: nats.url, sandboxId: TEST_SANDBOX_ID });
    let queued: { paymentId: string };
    try {
      queued = await new DomesticPayments(store, queue).acceptDomesticPayment(paymentRequest({ amount: '2.50' }));
    } finally {
      await queue.close();
    }
    const killedBeforePublishing = new DomesticPayments(store, { requestSettlement: () => Promise.reject(new Error('killed')) });
    const neverQueued = await killedBeforePublishing.acceptDomesticPayment(paymentRequest({ amount: '3.50' }));
    const readOnly = new DomesticPayments(store, queue);
    await expect(readOnly.payment(queued.paymentId)).resolves.toMatchObject({ status: 'RCVD' });
    await expect(readOnly.payment(neverQueued.paymentId)).resolves.toMatchObject({ status: 'RCVD' });

    teardown.add(await startBank(), (restarted) => restarted.close());
    await expect(decided(readOnly, queued.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
    await expect(decided(readOnly, neverQueued.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
  });
});
