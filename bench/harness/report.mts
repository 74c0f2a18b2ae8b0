/** The runner's printed output: the machine line, one table per benchmark, its comparisons with their targets. */
import os from 'node:os';
import type { ComparisonResult, VariantSummary } from './statistics.mts';

/** Cores, CPU model, memory, Node.js version, and the load when the run began (others' work skews a shared machine). */
export function machineLine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  return `machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node.js ${process.version}, ${os.platform()} ${os.release()}, load ${load}`;
}

const round = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const optional = (value: number | undefined) => (value === undefined ? '-' : round(value));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

export function benchTable(summaries: readonly VariantSummary[]): string {
  const figureNames = [...new Set(summaries.flatMap((summary) => Object.keys(summary.figures)))];
  const header = ['variant', 'ops/s median', 'min', 'max', 'p50 ms', 'p99 ms', 'server CPU ms/op', 'failures', ...figureNames];
  const rows = summaries.map((summary) => [
    summary.name,
    round(summary.opsPerSecond.median),
    round(summary.opsPerSecond.min),
    round(summary.opsPerSecond.max),
    optional(summary.latencyMs?.p50),
    optional(summary.latencyMs?.p99),
    optional(summary.serverCpuMsPerOp),
    `${summary.failures}/${summary.operations + summary.failures}`,
    ...figureNames.map((figure) => optional(summary.figures[figure])),
  ]);
  return table([header, ...rows]);
}

export function comparisonLines(comparisons: readonly ComparisonResult[]): string {
  return comparisons
    .map(({ variant, baseline, ratio, cpuRatio, target }) => {
      const shown = ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`;
      const verdict = ratio === undefined || target === undefined ? '' : ratio >= target ? ' (meets target)' : ' (below target)';
      const byCpu = cpuRatio === undefined ? '' : `; by server CPU per op ${cpuRatio.toFixed(2)}×`;
      return `  ${variant} / ${baseline}: ${shown}${target === undefined ? '' : `, target ≥ ${target}×${verdict}`}${byCpu}`;
    })
    .join('\n');
}
