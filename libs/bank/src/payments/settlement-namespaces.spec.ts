/**
 * Issue 8: two sandboxes' banks on one JetStream server each settle only their own payments: the settlement stream, its
 * subject and its durable consumer are in the sandbox's namespace (settlementNames).
 */
import { decided, startPaymentsWorld, type PaymentsWorld, SETTLEMENT_PATIENCE } from '../testing/payments-world';
import { eventually } from '@fapi/testing';

jest.setTimeout(30_000);

describe("two sandboxes' banks on one JetStream server each settle only their own payments", () => {
  let bankA: PaymentsWorld;
  let bankB: PaymentsWorld;
  beforeAll(async () => {
    bankA = await startPaymentsWorld('payments_sandbox_a', { sandboxId: 'bank-a' });
    bankB = await startPaymentsWorld('payments_sandbox_b', { nats: bankA.nats, sandboxId: 'bank-b' });
  }, 60_000);
  afterAll(async () => {
    await bankB?.stop();
    await bankA?.stop();
  });

  it('each queue has its own stream, subject and durable consumer, named after its sandbox', () => {
    expect(bankA.queue.names).toEqual({ stream: 'bank-a_BANK_PAYMENTS', subject: 'bank-a.bank.payments.settle', consumer: 'bank-a_bank-payments-settlement' });
    expect(bankB.queue.names).toEqual({ stream: 'bank-b_BANK_PAYMENTS', subject: 'bank-b.bank.payments.settle', consumer: 'bank-b_bank-payments-settlement' });
  });

  it("a bank's worker takes its own settlement requests and leaves the other sandbox's queued", async () => {
    const paymentOfA = await bankA.accept({ amount: '4.00' });
    const paymentOfB = await bankB.accept({ amount: '5.00' });
    expect([await bankA.requestsInStream(), await bankB.requestsInStream()]).toEqual([1, 1]);

    const workerOfB = await bankB.startWorker();
    try {
      await expect(decided(bankB.payments, paymentOfB.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
      await eventually(async () => ((await bankB.requestsInStream()) === 0 ? true : undefined), "B's request acknowledged", SETTLEMENT_PATIENCE);
      expect(await bankA.requestsInStream()).toBe(1);
      await expect(bankA.payments.payment(paymentOfA.paymentId)).resolves.toMatchObject({ status: 'RCVD' });
    } finally {
      await workerOfB.stop();
    }

    const workerOfA = await bankA.startWorker();
    try {
      await expect(decided(bankA.payments, paymentOfA.paymentId)).resolves.toMatchObject({ status: 'ACCC' });
    } finally {
      await workerOfA.stop();
    }
  });
});
