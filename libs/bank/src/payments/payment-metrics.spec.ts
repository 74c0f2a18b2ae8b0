/** Issue 8, metrics: payments by the status their settlement reached, counted once the decision is committed. */
import { register } from 'prom-client';
import { startPaymentsWorld, type PaymentsWorld } from '../testing/payments-world';
import { settleDomesticPayment } from './settlement';

/** The value of fapi_payment_settlements_total for these labels (0 when never counted). */
async function settlementsCounted(labels: { outcome: string; status: string }): Promise<number> {
  const metric = await register.getSingleMetric('fapi_payment_settlements_total')?.get();
  return metric?.values.find((value) => value.labels.outcome === labels.outcome && value.labels.status === labels.status)?.value ?? 0;
}

describe('settlements are counted by outcome and status on /metrics', () => {
  let world: PaymentsWorld;
  beforeAll(async () => {
    world = await startPaymentsWorld('payments_metrics');
  }, 60_000);
  afterAll(() => world?.stop());

  it('a settled payment counts once under its final status; settling it again counts nothing', async () => {
    const before = await settlementsCounted({ outcome: 'settled', status: 'ACCC' });
    const payment = await world.accept({ amount: '1.00', debtorAccountId: 'acc-mia-everyday' });
    await settleDomesticPayment(world.store, payment.paymentId);
    await settleDomesticPayment(world.store, payment.paymentId);
    expect(await settlementsCounted({ outcome: 'settled', status: 'ACCC' })).toBe(before + 1);
  });

  it('a payment the funds do not cover counts as rejected, RJCT', async () => {
    const before = await settlementsCounted({ outcome: 'rejected', status: 'RJCT' });
    const payment = await world.accept({ amount: '21474836.47', debtorAccountId: 'acc-mia-everyday' });
    await expect(settleDomesticPayment(world.store, payment.paymentId)).resolves.toMatchObject({ outcome: 'rejected' });
    expect(await settlementsCounted({ outcome: 'rejected', status: 'RJCT' })).toBe(before + 1);
  });
});
