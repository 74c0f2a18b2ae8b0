import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_WINDOW_MS, IdempotencyKeyReused, IdempotencyStore, type IdempotencyStoreOptions, IdempotentRequestStillRunning, type RememberedResponse } from './idempotency-store';
import { dropDatabase, freshDatabase, Teardown, terminateConnections } from '@fapi/testing';

describe('idempotency records of the PISP POSTs (same client, endpoint and key within 24 h = same request)', () => {
  let databaseUrl: string;
  let clock: Date;
  let bankA: IdempotencyStore;
  let bankB: IdempotencyStore;
  const teardown = new Teardown();
  /** A bank instance: a store with its own connection pool (on the test's clock unless told), closed when the spec ends. */
  const bankInstance = (options: IdempotencyStoreOptions = { now: () => clock, maxWaitMs: 5_000 }) =>
    teardown.add(new IdempotencyStore(databaseUrl, options), (store) => store.close());
  beforeAll(async () => {
    databaseUrl = teardown.add(await freshDatabase('bank', 'fapi_unit_bank_idempotency'), dropDatabase);
    bankA = bankInstance();
    bankB = bankInstance();
  }, 60_000);
  beforeEach(() => {
    clock = new Date('2026-01-01T12:00:00Z');
  });
  afterAll(() => teardown.run());

  const creator = (body: unknown = { Data: { id: randomUUID() } }) => {
    let runs = 0;
    const create = async (): Promise<RememberedResponse> => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 50)); // long enough for the others to arrive meanwhile
      return { status: 201, body };
    };
    return { create, runs: () => runs };
  };

  it('50 concurrent identical requests on two bank instances: create runs once and all 50 get the same response', async () => {
    const key = randomUUID();
    const { create, runs } = creator();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? bankA : bankB).remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', create)),
    );
    expect(runs()).toBe(1);
    for (const response of responses) expect(response).toEqual(responses[0]);
    expect(responses[0].status).toBe(201);
  });

  it('a later request with the same key and body gets the stored response without creating', async () => {
    const key = randomUUID();
    const first = creator();
    const original = await bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', first.create);
    const second = creator();
    await expect(bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', second.create)).resolves.toEqual(original);
    expect(second.runs()).toBe(0);
  });

  it('the same key with another request hash is refused (IdempotencyKeyReused), also while the first still runs', async () => {
    const key = randomUUID();
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (finish = resolve));
    const running = bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', async () => {
      started();
      await firstMayFinish;
      return { status: 201, body: {} };
    });
    const other = creator();
    await firstStarted;
    try {
      await expect(bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-2', other.create)).rejects.toBeInstanceOf(IdempotencyKeyReused);
    } finally {
      // the first request holds a pooled connection until it finishes: let it, even when the expectation failed
      finish();
      await running;
    }
    await expect(bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-2', other.create)).rejects.toEqual(
      new IdempotencyKeyReused('tpp-a', 'POST /domestic-payments', key),
    );
    expect(other.runs()).toBe(0);
  });

  it('a key is scoped to its client and endpoint: the same key elsewhere is another request', async () => {
    const key = randomUUID();
    const runs = await Promise.all(
      [
        ['tpp-a', 'POST /domestic-payments'],
        ['tpp-b', 'POST /domestic-payments'],
        ['tpp-a', 'POST /domestic-payment-consents'],
      ].map(async ([clientId, endpoint]) => {
        const { create, runs } = creator();
        await bankA.remember(clientId, endpoint, key, 'hash-1', create);
        return runs();
      }),
    );
    expect(runs).toEqual([1, 1, 1]);
  });

  it('after 24 hours the record no longer counts: the request is processed again, even with another body', async () => {
    const key = randomUUID();
    const first = creator({ n: 1 });
    await bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', first.create);
    clock = new Date(clock.getTime() + IDEMPOTENCY_WINDOW_MS - 1);
    await expect(bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-2', creator().create)).rejects.toBeInstanceOf(IdempotencyKeyReused);

    clock = new Date(clock.getTime() + 1);
    const later = creator({ n: 2 });
    await expect(bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-2', later.create)).resolves.toEqual({ status: 201, body: { n: 2 } });
    expect(later.runs()).toBe(1);
    const again = creator({ n: 3 });
    await expect(bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-2', again.create)).resolves.toEqual({ status: 201, body: { n: 2 } });
    expect(again.runs()).toBe(0);
  });

  it('when create fails nothing is remembered: the next request under the key runs again', async () => {
    const key = randomUUID();
    const failing = () => Promise.reject(new Error('consent-service unavailable'));
    await expect(bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', failing)).rejects.toThrow('consent-service unavailable');
    const retry = creator();
    await bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', retry.create);
    expect(retry.runs()).toBe(1);
  });

  it('remembers error responses too (a refused request is answered the same way again)', async () => {
    const key = randomUUID();
    const refused = { status: 400, body: { Errors: [{ ErrorCode: 'U008', Message: 'payment differs from consent' }] } };
    await bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', async () => refused);
    await expect(bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', creator().create)).resolves.toEqual(refused);
  });

  /** A placeholder as a bank that died while running the request leaves it: a claim on the key until `leaseUntil`. */
  const abandonedPlaceholder = async (key: string, leaseUntil: Date | null) => {
    const crashed = new pg.Client({ connectionString: databaseUrl });
    await crashed.connect();
    try {
      await crashed.query(
        "INSERT INTO idempotency_record (client_id, endpoint, idempotency_key, request_hash, created_at, lease_until) VALUES ('tpp-a', 'POST /domestic-payments', $1, 'hash-1', $2, $3)",
        [key, clock, leaseUntil],
      );
    } finally {
      await crashed.end();
    }
  };

  it('a request left in progress by a crashed bank holds its key until its lease ends, then the next request runs', async () => {
    const key = randomUUID();
    await abandonedPlaceholder(key, new Date(clock.getTime() + IDEMPOTENCY_LEASE_MS));
    const impatient = bankInstance({ now: () => clock, maxWaitMs: 300 });
    const early = creator();
    await expect(impatient.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', early.create)).rejects.toThrow(IdempotentRequestStillRunning);
    expect(early.runs()).toBe(0);
    clock = new Date(clock.getTime() + IDEMPOTENCY_LEASE_MS + 1);
    const retry = creator();
    await expect(bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', retry.create)).resolves.toMatchObject({ status: 201 });
    expect(retry.runs()).toBe(1);
  });

  it('a request that runs longer than its lease renews its claim: a retry meanwhile waits for its response instead of running again', async () => {
    const key = randomUUID();
    const shortLease = () => bankInstance({ leaseMs: 300, maxWaitMs: 5_000 }); // the real clock
    let runs = 0;
    const slowCreate = async (): Promise<RememberedResponse> => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // more than three leases
      return { status: 201, body: { Data: { id: 'slow' } } };
    };
    const first = shortLease().remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', slowCreate);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const retry = shortLease().remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', slowCreate);
    await expect(Promise.all([first, retry])).resolves.toEqual([
      { status: 201, body: { Data: { id: 'slow' } } },
      { status: 201, body: { Data: { id: 'slow' } } },
    ]);
    expect(runs).toBe(1);
  });

  it('a placeholder without a lease (left by an earlier version of the bank) does not block the key', async () => {
    const key = randomUUID();
    await abandonedPlaceholder(key, null);
    const retry = creator();
    await expect(bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', retry.create)).resolves.toMatchObject({ status: 201 });
    expect(retry.runs()).toBe(1);
  });

  it('a request that outlived its lease does not overwrite the response of the request that claimed the key after it', async () => {
    const key = randomUUID();
    let finishSlow: () => void = () => undefined;
    const slow = bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', async () => {
      await new Promise<void>((resolve) => (finishSlow = resolve));
      return { status: 201, body: { Data: { id: 'from-the-slow-request' } } };
    });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the slow request has claimed the key
    clock = new Date(clock.getTime() + IDEMPOTENCY_LEASE_MS + 1);
    const second = { status: 201, body: { Data: { id: 'from-the-second-request' } } };
    await expect(bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', async () => second)).resolves.toEqual(second);
    finishSlow();
    await expect(slow).resolves.toMatchObject({ body: { Data: { id: 'from-the-slow-request' } } });
    await expect(bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', creator().create)).resolves.toEqual(second);
  });

  it('replays the body exactly as first sent, members in their original order', async () => {
    const key = randomUUID();
    const body = { Data: { Status: 'RCVD', DomesticPaymentId: 'dp-1', ConsentId: 'pdc-1' }, Links: { Self: 'x' }, Meta: {} };
    await bankA.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', async () => ({ status: 201, body }));
    const replay = await bankB.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', creator().create);
    expect(JSON.stringify(replay.body)).toBe(JSON.stringify(body));
  });

  it('the database connections are terminated (57P01) while a request runs: it holds none, so it completes and its response is stored; the process lives on', async () => {
    const key = randomUUID();
    const bank = bankInstance();
    const body = { Data: { id: randomUUID() } };
    const cut = bank.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', async () => {
      await expect(terminateConnections(databaseUrl)).resolves.toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the server's 57P01 reaches the pool's idle connections
      return { status: 201, body };
    });
    await expect(cut).resolves.toEqual({ status: 201, body });
    const replay = creator();
    await expect(bank.remember('tpp-a', 'POST /domestic-payments', key, 'hash-1', replay.create)).resolves.toEqual({ status: 201, body });
    expect(replay.runs()).toBe(0);
  });
});
