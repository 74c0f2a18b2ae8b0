/**
 * The two ways a bench offers load. Closed loop: C workers, each starting its next operation when the last ends
 * (journeys at C at a time). Open loop: operations sent at a fixed rate whatever the answers do, each one's latency
 * taken from the time it was scheduled, not sent, so that a server falling behind shows in the latency instead of
 * quietly lowering the rate (coordinated omission).
 */
import type { Measurement } from './contract.mts';

/** One operation: resolves true when it succeeded, false (or throws) when it failed. */
export type Operation = () => Promise<boolean>;

/** Failures are counted, and the first of each window is printed so that a broken bench says why. */
function failureCounter(): { failed(error?: unknown): void; readonly count: number } {
  let count = 0;
  return {
    failed(error) {
      if (count++ === 0) console.error(`first failure of this window: ${error instanceof Error ? error.message : 'the operation answered false'}`);
    },
    get count() {
      return count;
    },
  };
}

/** Runs `concurrency` workers for about `seconds`; operations still running at the deadline are awaited and counted. */
export async function closedLoop(concurrency: number, seconds: number, operation: Operation): Promise<Measurement> {
  const began = performance.now();
  const deadline = began + seconds * 1000;
  const latenciesMs: number[] = [];
  const failures = failureCounter();
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        if (await operation()) latenciesMs.push(performance.now() - started);
        else failures.failed();
      } catch (error) {
        failures.failed(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { operations: latenciesMs.length, failures: failures.count, seconds: (performance.now() - began) / 1000, latenciesMs };
}

/** How often the open loop's scheduler wakes to send what has fallen due. */
const TICK_MS = 1;

/**
 * Sends `rate` operations per second for `seconds` (the i-th scheduled at start + i / rate), then waits for every
 * answer. `seconds` of the result runs until the last answer (so a server that falls behind achieves less than the
 * offered rate); latency counts from each operation's scheduled time.
 */
export async function openLoop(rate: number, seconds: number, operation: (scheduledAt: number) => Promise<boolean>): Promise<Measurement> {
  const total = Math.round(rate * seconds);
  const began = performance.now();
  const latenciesMs: number[] = [];
  const failures = failureCounter();
  const inFlight: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const sendDue = () => {
      const now = performance.now();
      while (sent < total && began + (sent * 1000) / rate <= now) {
        const scheduledAt = began + (sent * 1000) / rate;
        sent++;
        inFlight.push(
          operation(scheduledAt).then(
            (succeeded) => {
              if (succeeded) latenciesMs.push(performance.now() - scheduledAt);
              else failures.failed();
            },
            (error: unknown) => failures.failed(error),
          ),
        );
      }
      if (sent < total) setTimeout(sendDue, TICK_MS);
      else resolve();
    };
    sendDue();
  });
  await Promise.all(inFlight);
  return { operations: latenciesMs.length, failures: failures.count, seconds: (performance.now() - began) / 1000, latenciesMs };
}
