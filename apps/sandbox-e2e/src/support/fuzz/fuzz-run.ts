import fc from 'fast-check';
import { type Dispatcher, request } from 'undici';

/** The seed of this run: FUZZ_SEED replays one; printed so that a failure can be replayed. */
export function fuzzSeed(): number {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  return seed;
}

/** No answer within this is a hang, whatever the request was. */
export const HANG_MS = 5000;

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

/** Sends one request; a hang (no full answer within HANG_MS) throws with the request in the message. */
export async function send(
  dispatcher: Dispatcher,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await request(url, { method: method as 'GET', headers, body, dispatcher, signal: AbortSignal.timeout(HANG_MS) });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.statusCode, headers: response.headers, text, body: parsed };
  } catch (error) {
    const hung = Date.now() - started >= HANG_MS - 50;
    throw new Error(`${hung ? `no answer within ${HANG_MS} ms` : `request failed (${(error as Error).message})`}: ${method} ${url.slice(0, 300)}`);
  }
}

/** How often each status came back, printed after a surface is fuzzed: shows how deep the cases got (not only 401s). */
export class StatusTally {
  private readonly counts = new Map<number, number>();

  record(answer: { status: number }): void {
    this.counts.set(answer.status, (this.counts.get(answer.status) ?? 0) + 1);
  }

  print(surface: string): void {
    console.log(`${surface}: ${[...this.counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`);
  }
}

/** Every failure message names the request and what came back, abridged. */
export function described(what: string, answer: Answer): string {
  return `${what} -> ${answer.status} ${answer.text.slice(0, 500)}`;
}

/**
 * Runs `property` over `runs` batches of `batchSize` generated cases, each batch's cases at the same time (so the
 * sandbox sees concurrent hostile traffic), under the run's seed. Returns how many cases ran.
 */
export async function fuzz<Case>(
  seed: number,
  cases: fc.Arbitrary<Case>,
  check: (one: Case) => Promise<void>,
  { runs, batchSize }: { runs: number; batchSize: number },
): Promise<number> {
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(cases, { minLength: batchSize, maxLength: batchSize }), async (batch) => {
      sent += batch.length;
      await Promise.all(batch.map(check));
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  return sent;
}

/**
 * A well-behaved TPP's normal traffic in a loop (e.g. reading its accounts) while the fuzzing runs: every answer that
 * is not the expected one is kept, to assert that one TPP's hostile input never fails another's requests.
 */
export class NormalTraffic {
  private running = true;
  private loop?: Promise<void>;
  readonly failures: string[] = [];
  requests = 0;

  constructor(private readonly oneRequest: () => Promise<{ status: number; text: string }>, private readonly expected = 200) {}

  start(): this {
    this.loop = (async () => {
      while (this.running) {
        this.requests++;
        const answer = await this.oneRequest().catch((error: Error) => ({ status: 0, text: error.message }));
        if (answer.status !== this.expected) this.failures.push(`${answer.status} ${answer.text.slice(0, 200)}`);
      }
    })();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
