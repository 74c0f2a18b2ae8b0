// `DATABASE_URL=... node bench/idempotency-store-micro.mjs [checkout, default this one]` (after `npm run build`)
//
// The bank's IdempotencyStore alone: POSTs/s and this process's CPU per POST with 8 and 64 concurrent callers, each
// POST under a fresh key, its work (`create`) taking 0 or 20 ms. Give another built checkout to compare two versions
// against one database server in the same minutes (bench/README.md, seventh session).
import { randomUUID } from 'node:crypto';
import path from 'node:path';

const WINDOW_MS = 3000;
const checkout = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
const { IdempotencyStore } = await import(path.join(checkout, 'libs/bank/dist/payments/idempotency-store.js'));
const { dropDatabase, freshDatabase } = await import(path.join(checkout, 'libs/testing/dist/index.js'));

const databaseUrl = await freshDatabase('bank', `fapi_idempotency_micro_${process.pid}`);
const store = new IdempotencyStore(databaseUrl);
try {
  for (const callers of [8, 64]) {
    for (const createMs of [0, 20]) {
      const create = async () => {
        if (createMs > 0) await new Promise((resolve) => setTimeout(resolve, createMs));
        return { status: 201, body: { Data: { Status: 'RCVD' } } };
      };
      let posts = 0;
      const deadline = Date.now() + WINDOW_MS;
      const cpuBefore = process.cpuUsage();
      const caller = async () => {
        for (; Date.now() < deadline; posts++) await store.remember('tpp', 'POST /domestic-payments', randomUUID(), 'hash', create);
      };
      await Promise.all(Array.from({ length: callers }, caller));
      const { user, system } = process.cpuUsage(cpuBefore);
      console.log(`${callers} callers, create ${createMs} ms: ${Math.round(posts / (WINDOW_MS / 1000))} POSTs/s, ${Math.round((user + system) / posts)} µs of CPU per POST`);
    }
  }
} finally {
  await store.close();
  await dropDatabase(databaseUrl);
}
