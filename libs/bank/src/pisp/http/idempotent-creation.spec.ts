import { ObError } from '@fapi/open-banking';
import { IdempotencyKeyReused, IdempotentRequestStillRunning, type RememberedResponse } from '../../payments/idempotency-store';
import { IdempotentCreation } from './idempotent-creation';

const REQUEST = { clientId: 'tpp-a', endpoint: 'POST /domestic-payments', key: 'pay-1', body: { Data: {} } };

/** A store that answers every request with `outcome`: a remembered response, or what it throws. */
const storeThat = (outcome: RememberedResponse | Error) => ({
  remember: async <B>() => {
    if (outcome instanceof Error) throw outcome;
    return outcome as RememberedResponse<B>;
  },
});

async function refusalOf(creation: IdempotentCreation): Promise<ObError> {
  const error = await creation.create(REQUEST, async () => ({ created: true })).catch((thrown: unknown) => thrown);
  if (!(error instanceof ObError)) throw new Error(`expected an ObError, got ${String(error)}`);
  return error;
}

describe('an idempotent POST is answered in OB terms whatever its key met (OB "Idempotency")', () => {
  it('answers the body the store remembers for the key', async () => {
    const creation = new IdempotentCreation(storeThat({ status: 201, body: { Data: { DomesticPaymentId: 'first' } } }));
    await expect(creation.create(REQUEST, async () => ({ Data: { DomesticPaymentId: 'second' } }))).resolves.toEqual({ Data: { DomesticPaymentId: 'first' } });
  });

  it('refuses a key used with another body with 400 U006 naming the header', async () => {
    const refusal = await refusalOf(new IdempotentCreation(storeThat(new IdempotencyKeyReused('tpp-a', 'POST /domestic-payments', 'pay-1'))));
    expect(refusal.status).toBe(400);
    expect(refusal.errors).toEqual([expect.objectContaining({ ErrorCode: 'U006', Path: 'x-idempotency-key', Message: expect.stringContaining('(rule ob.idempotency.same-body)') })]);
  });

  it('answers a retry whose first request is still being processed with 409 U029 naming the header, not a 500', async () => {
    const refusal = await refusalOf(new IdempotentCreation(storeThat(new IdempotentRequestStillRunning('pay-1'))));
    expect(refusal.status).toBe(409);
    expect(refusal.errors).toEqual([
      expect.objectContaining({
        ErrorCode: 'U029',
        Path: 'x-idempotency-key',
        Message: expect.stringMatching(/^the first request under this x-idempotency-key is still being processed; .*\(rule ob\.idempotency\.one-at-a-time\)$/),
      }),
    ]);
  });

  it('lets any other failure through as it is (the request failed; nothing was remembered)', async () => {
    const lost = new Error('connection terminated');
    const creation = new IdempotentCreation(storeThat(lost));
    await expect(creation.create(REQUEST, async () => ({}))).rejects.toBe(lost);
  });
});
