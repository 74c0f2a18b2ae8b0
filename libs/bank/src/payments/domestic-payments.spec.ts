import { paymentRequest, startPaymentsWorld, type PaymentsWorld } from '../testing/payments-world';
import { ConsentAlreadyUsed, PaymentNotAcceptable } from './payment-errors';

describe('accepting a domestic payment', () => {
  let world: PaymentsWorld;
  beforeAll(async () => {
    world = await startPaymentsWorld('payments_accept');
  }, 60_000);
  afterAll(() => world?.stop());

  it('stores it RCVD with its first history entry and queues it for settlement', async () => {
    const request = paymentRequest({ amount: '12.5' });
    const payment = await world.payments.acceptDomesticPayment(request);
    expect(payment).toEqual({
      paymentId: request.paymentId,
      consentId: request.consentId,
      clientId: 'tpp-a',
      debtorAccountId: 'acc-mia-everyday',
      debtor: { scheme: 'UK.OBIE.SortCodeAccountNumber', identification: '99000110000001', name: 'Mia Hartley' },
      readRefundAccount: false,
      creditor: request.creditor,
      amount: '12.50',
      currency: 'GBP',
      reference: 'SANDBOX TEST',
      initiation: request.initiation,
      risk: {},
      status: 'RCVD',
      creationDateTime: expect.any(String),
      statusUpdateDateTime: payment.creationDateTime,
      statusHistory: [{ status: 'RCVD', at: payment.creationDateTime, reason: 'received for settlement' }],
    });
    await expect(world.requestsInStream()).resolves.toBe(1);
  });

  it('accepting the same payment id again returns that payment and creates nothing', async () => {
    const request = paymentRequest();
    const first = await world.payments.acceptDomesticPayment(request);
    const again = await Promise.all(Array.from({ length: 5 }, () => world.payments.acceptDomesticPayment(request)));
    for (const payment of again) expect(payment).toEqual(first);
    await expect(world.store.prisma.domesticPayment.count({ where: { consentId: request.consentId } })).resolves.toBe(1);
    await expect(world.store.prisma.paymentStatusChange.count({ where: { paymentId: request.paymentId } })).resolves.toBe(1);
  });

  it('accepting a NEW payment stores it for one caller only: its id again, even concurrently, is ConsentAlreadyUsed', async () => {
    const request = paymentRequest();
    const racing = await Promise.allSettled(Array.from({ length: 5 }, () => world.payments.acceptNewDomesticPayment(request)));
    expect(racing.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of racing.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toEqual(new ConsentAlreadyUsed(request.consentId, request.paymentId));
    }
    await expect(world.payments.acceptNewDomesticPayment(request)).rejects.toBeInstanceOf(ConsentAlreadyUsed);
    await expect(world.store.prisma.domesticPayment.count({ where: { consentId: request.consentId } })).resolves.toBe(1);
  });

  it('a consent that already made a payment cannot make another (ConsentAlreadyUsed), even concurrently', async () => {
    const first = paymentRequest();
    await world.payments.acceptDomesticPayment(first);
    const second = paymentRequest({ consentId: first.consentId });
    await expect(world.payments.acceptDomesticPayment(second)).rejects.toEqual(new ConsentAlreadyUsed(first.consentId, first.paymentId));

    const consentId = paymentRequest().consentId;
    const racing = await Promise.allSettled(Array.from({ length: 10 }, () => world.payments.acceptDomesticPayment(paymentRequest({ consentId }))));
    expect(racing.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of racing.filter((r) => r.status === 'rejected')) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConsentAlreadyUsed);
    await expect(world.store.prisma.domesticPayment.count({ where: { consentId } })).resolves.toBe(1);
  });

  it.each([
    ['a zero amount', { amount: '0.00' }, 'amount'],
    ['a sub-penny amount', { amount: '1.001' }, 'amount'],
    ['a currency other than the account\'s', { currency: 'EUR' }, 'currency'],
    ['an unknown debtor account', { debtorAccountId: 'acc-nobody' }, 'debtor-account'],
    ['the external clearing account as debtor', { debtorAccountId: 'bank-external-clearing' }, 'debtor-account'],
  ])('refuses %s (PaymentNotAcceptable) and stores nothing', async (_case, overrides, part) => {
    const request = paymentRequest(overrides);
    await expect(world.payments.acceptDomesticPayment(request)).rejects.toMatchObject({ name: 'PaymentNotAcceptable', part });
    await expect(world.payments.payment(request.paymentId)).resolves.toBeUndefined();
  });

  it("reads a payment back only for its own client when a client is named", async () => {
    const request = paymentRequest();
    await world.payments.acceptDomesticPayment(request);
    await expect(world.payments.payment(request.paymentId, 'tpp-a')).resolves.toMatchObject({ paymentId: request.paymentId });
    await expect(world.payments.payment(request.paymentId, 'tpp-b')).resolves.toBeUndefined();
    await expect(world.payments.payment('dp-unknown')).resolves.toBeUndefined();
  });

  describe('funds confirmation', () => {
    it('says whether the account could pay the amount now, within its overdraft limit', async () => {
      const savings = await world.store.prisma.account.findUniqueOrThrow({ where: { accountId: 'acc-ava-savings' } });
      const all = (savings.balanceMinor / 100).toFixed(2);
      const onePennyMore = ((savings.balanceMinor + 1) / 100).toFixed(2);
      await expect(world.payments.fundsAvailable('acc-ava-savings', all)).resolves.toBe(true);
      await expect(world.payments.fundsAvailable('acc-ava-savings', onePennyMore)).resolves.toBe(false);
      // 69.59 overdrawn with a 100.00 overdraft: 30.41 is still available
      await expect(world.payments.fundsAvailable('acc-ava-travel', '30.41')).resolves.toBe(true);
      await expect(world.payments.fundsAvailable('acc-ava-travel', '30.42')).resolves.toBe(false);
    });

    it('refuses an unknown account and a malformed amount', async () => {
      await expect(world.payments.fundsAvailable('acc-nobody', '1.00')).rejects.toBeInstanceOf(PaymentNotAcceptable);
      await expect(world.payments.fundsAvailable('bank-external-clearing', '1.00')).rejects.toMatchObject({ part: 'debtor-account' });
      await expect(world.payments.fundsAvailable('acc-mia-everyday', '-1')).rejects.toMatchObject({ part: 'amount' });
    });
  });
});
