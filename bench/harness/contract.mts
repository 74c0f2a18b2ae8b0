/**
 * What one benchmark gives the runner (`npm run bench`). A benchmark sets up what it needs once, offers one or more
 * variants (ours, a bare baseline, another configuration), and measures a variant for a fixed time when asked. The
 * runner warms each variant up, then measures rounds interleaved across variants (A B A B ...) so drift on a shared
 * machine hits every variant alike, and prints median / min / max per figure. Benchmarks never assert a time.
 */

/** What one variant did during one measured window. */
export interface Measurement {
  /** Operations completed (grants issued, journeys finished, payments settled, requests answered 2xx). */
  operations: number;
  /** Operations that failed; reported, never hidden. */
  failures: number;
  /** The window's length in seconds (measured, not the requested duration). */
  seconds: number;
  /** Latency of each completed operation in ms, when the benchmark measures it (p50 / p99 are computed from it). */
  latenciesMs?: number[];
  /** CPU time the server processes spent in the window, in ms (user + system), for CPU per operation. */
  serverCpuMs?: number;
  /** Further named figures of this window (e.g. `offered rps`, `ledger balanced` as 1/0). */
  figures?: Record<string, number>;
}

export interface Variant {
  /** Short label printed in the table, e.g. `ours tls_client_auth PS256` or `bare oidc-provider`. */
  name: string;
  /** Measures for about `seconds`; called once for warm-up and once per round. */
  measure(seconds: number): Promise<Measurement>;
}

/** A ratio printed after the table: median ops/s of `variant` over median ops/s of `baseline`. */
export interface Comparison {
  variant: string;
  baseline: string;
  /** What the ratio should reach, printed beside it (never asserted), e.g. 0.85. */
  target?: number;
}

export interface PreparedBench {
  variants: Variant[];
  comparisons?: Comparison[];
  tearDown(): Promise<void>;
}

export interface Bench {
  /** Used by `npm run bench -- --only NAME`. */
  name: string;
  /** One line saying what is measured and how. */
  title: string;
  setUp(options: BenchOptions): Promise<PreparedBench>;
}

export interface BenchOptions {
  /** First port this benchmark may use (it owns 100 ports from here). */
  portBase: number;
  /** PostgreSQL server URL; the benchmark creates and drops its own databases there. */
  databaseUrl: string;
  /** NATS URL (JetStream). */
  natsUrl: string;
  /** A temporary directory this benchmark owns (certificates, homes); removed after. */
  workDir: string;
}
