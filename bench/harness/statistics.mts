/**
 * The figures the runner prints for a variant, from its measured windows: operations per second per window (median,
 * min, max over the rounds), latency percentiles over every completed operation of every round, server CPU per
 * operation over all rounds, failures summed, and each further figure's median.
 */
import type { Measurement } from './contract.mts';

/** The middle value (the mean of the two middle ones for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The nearest-rank percentile (p in 0..100]: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface VariantSummary {
  name: string;
  rounds: number;
  opsPerSecond: { median: number; min: number; max: number };
  /** Over every latency of every round; absent when the benchmark gives none. */
  latencyMs?: { p50: number; p99: number };
  /** Server CPU (user + system) per completed operation, over all rounds; absent when not measured. */
  serverCpuMsPerOp?: number;
  operations: number;
  failures: number;
  /** Median of each further figure over the rounds that report it. */
  figures: Record<string, number>;
}

export function summarise(name: string, windows: readonly Measurement[]): VariantSummary {
  const rates = windows.map((window) => (window.seconds > 0 ? window.operations / window.seconds : 0));
  const latencies = windows.flatMap((window) => window.latenciesMs ?? []);
  const operations = windows.reduce((sum, window) => sum + window.operations, 0);
  const cpuWindows = windows.filter((window) => window.serverCpuMs !== undefined);
  const cpuOperations = cpuWindows.reduce((sum, window) => sum + window.operations, 0);
  const figureNames = [...new Set(windows.flatMap((window) => Object.keys(window.figures ?? {})))];
  return {
    name,
    rounds: windows.length,
    opsPerSecond: { median: median(rates) ?? 0, min: Math.min(...rates), max: Math.max(...rates) },
    ...(latencies.length > 0 && { latencyMs: { p50: percentile(latencies, 50) as number, p99: percentile(latencies, 99) as number } }),
    ...(cpuWindows.length > 0 &&
      cpuOperations > 0 && { serverCpuMsPerOp: cpuWindows.reduce((sum, window) => sum + (window.serverCpuMs as number), 0) / cpuOperations }),
    operations,
    failures: windows.reduce((sum, window) => sum + window.failures, 0),
    figures: Object.fromEntries(
      figureNames.map((figure) => [figure, median(windows.flatMap((window) => (window.figures?.[figure] === undefined ? [] : [window.figures[figure]]))) as number]),
    ),
  };
}

export interface ComparisonResult {
  variant: string;
  baseline: string;
  /** Median ops/s of the variant over the baseline's; undefined when either is missing or the baseline did nothing. */
  ratio?: number;
  /**
   * The same comparison by server CPU per operation (the baseline's over the variant's, so that above 1 is faster too):
   * steadier than ops/s on a machine whose other work takes cores away from the servers now and then.
   */
  cpuRatio?: number;
  target?: number;
}

export function compare(summaries: readonly VariantSummary[], comparison: { variant: string; baseline: string; target?: number }): ComparisonResult {
  const find = (name: string) => summaries.find((summary) => summary.name === name);
  const [variant, baseline] = [find(comparison.variant), find(comparison.baseline)];
  const [variantCpu, baselineCpu] = [variant?.serverCpuMsPerOp, baseline?.serverCpuMsPerOp];
  return {
    ...comparison,
    ...(variant && baseline?.opsPerSecond.median ? { ratio: variant.opsPerSecond.median / baseline.opsPerSecond.median } : {}),
    ...(variantCpu && baselineCpu ? { cpuRatio: baselineCpu / variantCpu } : {}),
  };
}
