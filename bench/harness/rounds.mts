/**
 * How the runner measures a benchmark's variants: each warmed up once, then `rounds` rounds in which every variant is
 * measured once, interleaved (A B C, then B C A, ...): drift on a shared machine (another process, thermal limits, a
 * growing table) reaches every variant alike, and no variant always runs first after the previous one's load.
 */
import type { Measurement, Variant } from './contract.mts';

export interface RoundOptions {
  rounds: number;
  seconds: number;
  /** Seconds of the warm-up window per variant; 0 skips it. */
  warmupSeconds: number;
  /** Told before each window (progress output). */
  onWindow?: (event: { variant: string; round: number | 'warm-up' }) => void;
}

/** The order of variants in each round: round r starts at variant r (mod n) and keeps their order. */
export function interleavedOrder(variantCount: number, rounds: number): number[][] {
  return Array.from({ length: rounds }, (_, round) => Array.from({ length: variantCount }, (_, position) => (round + position) % variantCount));
}

/** Every variant's measured windows (warm-up windows left out), by variant name. */
export async function measureInRounds(variants: readonly Variant[], options: RoundOptions): Promise<Map<string, Measurement[]>> {
  const windows = new Map(variants.map((variant) => [variant.name, [] as Measurement[]]));
  if (windows.size !== variants.length) throw new Error('each variant of a benchmark needs its own name');
  if (options.warmupSeconds > 0) {
    for (const variant of variants) {
      options.onWindow?.({ variant: variant.name, round: 'warm-up' });
      await variant.measure(options.warmupSeconds);
    }
  }
  for (const [round, order] of interleavedOrder(variants.length, options.rounds).entries()) {
    for (const index of order) {
      const variant = variants[index];
      options.onWindow?.({ variant: variant.name, round: round + 1 });
      windows.get(variant.name)?.push(await variant.measure(options.seconds));
    }
  }
  return windows;
}
