import type { Measurement, Variant } from './contract.mts';
import { interleavedOrder, measureInRounds } from './rounds.mts';
import { compare, median, percentile, summarise } from './statistics.mts';

const window = (operations: number, extra: Partial<Measurement> = {}): Measurement => ({ operations, failures: 0, seconds: 1, ...extra });

describe('the bench runner reports the middle and the tail of what was measured', () => {
  it('takes the median of an odd count as its middle value and of an even count as the mean of the two middle ones', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeUndefined();
  });

  it('takes p50 and p99 by nearest rank, so one slow request in a hundred is the p100 and not the p99', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 .. 1, unsorted on purpose
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([...Array.from({ length: 999 }, () => 1), 1000], 99)).toBe(1);
    expect(percentile([...Array.from({ length: 989 }, () => 1), ...Array.from({ length: 11 }, () => 1000)], 99)).toBe(1000);
    expect(percentile([3], 99)).toBe(3);
  });

  it('summarises a variant: ops/s per window (median, min, max), latencies pooled over every round, server CPU per operation, failures summed', () => {
    const summary = summarise('ours', [
      window(100, { seconds: 2, latenciesMs: [1, 2], serverCpuMs: 100, figures: { 'offered rps': 250 } }),
      window(300, { latenciesMs: [3, 4, 5], serverCpuMs: 200, failures: 2, figures: { 'offered rps': 260 } }),
      window(120, { latenciesMs: [100], serverCpuMs: 220, figures: { 'offered rps': 270 } }),
    ]);
    expect(summary.opsPerSecond).toEqual({ median: 120, min: 50, max: 300 });
    expect(summary.latencyMs).toEqual({ p50: 3, p99: 100 });
    expect(summary.serverCpuMsPerOp).toBeCloseTo(520 / 520);
    expect(summary.operations).toBe(520);
    expect(summary.failures).toBe(2);
    expect(summary.figures).toEqual({ 'offered rps': 260 });
  });

  it('leaves out latency and CPU figures a benchmark did not measure', () => {
    const summary = summarise('bare', [window(10), window(20)]);
    expect(summary.latencyMs).toBeUndefined();
    expect(summary.serverCpuMsPerOp).toBeUndefined();
    expect(summary.opsPerSecond.median).toBe(15);
  });

  it('compares medians as a ratio beside its target, and says nothing when the baseline did nothing', () => {
    const summaries = [summarise('ours', [window(85), window(90), window(80)]), summarise('bare', [window(100), window(100), window(1)]), summarise('dead', [window(0)])];
    expect(compare(summaries, { variant: 'ours', baseline: 'bare', target: 0.85 })).toEqual({ variant: 'ours', baseline: 'bare', target: 0.85, ratio: 0.85 });
    expect(compare(summaries, { variant: 'ours', baseline: 'bare' }).cpuRatio).toBeUndefined();
    expect(compare(summaries, { variant: 'ours', baseline: 'dead' }).ratio).toBeUndefined();
    expect(compare(summaries, { variant: 'ours', baseline: 'missing' }).ratio).toBeUndefined();
  });
});

it('compares server CPU per operation too, the baseline’s over the variant’s, so that above 1 means the variant costs less', () => {
  const ours = summarise('ours', [window(100, { serverCpuMs: 150 }), window(100, { serverCpuMs: 50 })]); // 1 ms per op
  const bare = summarise('bare', [window(200, { serverCpuMs: 160 })]); // 0.8 ms per op
  expect(compare([ours, bare], { variant: 'ours', baseline: 'bare' }).cpuRatio).toBeCloseTo(0.8);
});

describe('the bench runner measures variants in interleaved rounds after one warm-up each', () => {
  it('rotates which variant goes first in each round', () => {
    expect(interleavedOrder(3, 4)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 1, 2],
    ]);
  });

  it('warms every variant up once, then measures each once per round, keeping only the rounds', async () => {
    const calls: string[] = [];
    const fake = (name: string): Variant => ({
      name,
      measure: async (seconds) => {
        calls.push(`${name}:${seconds}`);
        return window(seconds === 0.5 ? 999 : 10);
      },
    });
    const windows = await measureInRounds([fake('A'), fake('B')], { rounds: 3, seconds: 2, warmupSeconds: 0.5 });
    expect(calls).toEqual(['A:0.5', 'B:0.5', 'A:2', 'B:2', 'B:2', 'A:2', 'A:2', 'B:2']);
    expect(windows.get('A')?.map((measured) => measured.operations)).toEqual([10, 10, 10]);
    expect(windows.get('B')).toHaveLength(3);
  });

  it('skips the warm-up when asked for none, and refuses two variants of one name', async () => {
    const calls: string[] = [];
    const fake = (name: string): Variant => ({ name, measure: async (seconds) => (calls.push(`${name}:${seconds}`), window(1)) });
    await measureInRounds([fake('A')], { rounds: 1, seconds: 1, warmupSeconds: 0 });
    expect(calls).toEqual(['A:1']);
    await expect(measureInRounds([fake('A'), fake('A')], { rounds: 1, seconds: 1, warmupSeconds: 0 })).rejects.toThrow('its own name');
  });
});
