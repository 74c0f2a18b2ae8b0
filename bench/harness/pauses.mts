/**
 * How long the processes stopped during a window (issue 11: at 500 requests/s a p99 is set by pauses, a GC or a busy
 * event loop, more than by the average cost of a request). For the servers, from their /metrics: prom-client's
 * `nodejs_gc_duration_seconds` (a histogram per GC kind) and `nodejs_eventloop_lag_max_seconds` (since the previous
 * scrape, which resets it); for the load generator (this process), from perf_hooks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Agent, request } from 'undici';

/** A GC pause longer than this is counted (a bound of prom-client's default GC histogram buckets). */
export const LONG_PAUSE_SECONDS = 0.01;

export interface ServerPauseReading {
  /** GC pauses of every kind since the process started, and how many of them were longer than LONG_PAUSE_SECONDS. */
  gcPauses: number;
  longGcPauses: number;
  /** The longest event-loop delay since the previous scrape, in ms. */
  loopDelayMaxMs: number;
}

/** Reads a server's pause figures from its Prometheus text exposition. */
export function serverPausesOf(metrics: string): ServerPauseReading {
  let gcPauses = 0;
  let shortGcPauses = 0;
  let loopDelayMaxMs = 0;
  for (const line of metrics.split('\n')) {
    const [name, value] = line.split(/ (?=[^ ]+$)/);
    if (name.startsWith('nodejs_gc_duration_seconds_count{')) gcPauses += Number(value);
    else if (name.startsWith('nodejs_gc_duration_seconds_bucket{') && name.includes(`le="${LONG_PAUSE_SECONDS}"`)) shortGcPauses += Number(value);
    else if (name === 'nodejs_eventloop_lag_max_seconds') loopDelayMaxMs = Number(value) * 1000;
  }
  return { gcPauses, longGcPauses: gcPauses - shortGcPauses, loopDelayMaxMs };
}

/** Where a sandbox's servers publish their metrics. */
export interface MetricsAddresses {
  issuer: string;
  bankUrl: string;
  healthPort: number;
  certsDir: string;
}

/**
 * Starts watching pauses: the function it returns, at the end of the window, gives as bench figures the servers' GC
 * pauses longer than LONG_PAUSE_SECONDS (all three together) and their longest event-loop delay, then the load
 * generator's same two.
 */
export async function watchPauses(sandbox: MetricsAddresses): Promise<() => Promise<Record<string, number>>> {
  const dispatcher = new Agent({ connect: { ca: readFileSync(path.join(sandbox.certsDir, 'ca.pem')) } });
  const urls = [`${sandbox.issuer}/metrics`, `${sandbox.bankUrl}/metrics`, `http://127.0.0.1:${sandbox.healthPort}/metrics`];
  const readAll = () =>
    Promise.all(urls.map(async (url) => serverPausesOf(await (await request(url, { dispatcher })).body.text())));
  const before = await readAll();
  const loadGenerator = watchThisProcess();
  return async () => {
    const after = await readAll();
    await dispatcher.close();
    const own = loadGenerator();
    return {
      'servers GC pauses > 10 ms': after.reduce((sum, reading, index) => sum + reading.longGcPauses - before[index].longGcPauses, 0),
      'servers loop delay max ms': Math.max(...after.map((reading) => reading.loopDelayMaxMs)),
      'load generator GC pauses > 10 ms': own.longGcPauses,
      'load generator loop delay max ms': own.loopDelayMaxMs,
    };
  };
}

/** This process's GC pauses longer than LONG_PAUSE_SECONDS and its longest event-loop delay, from now until called. */
function watchThisProcess(): () => { longGcPauses: number; loopDelayMaxMs: number } {
  let longGcPauses = 0;
  const gc = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) if (entry.duration > LONG_PAUSE_SECONDS * 1000) longGcPauses++;
  });
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return () => {
    gc.disconnect();
    loop.disable();
    return { longGcPauses, loopDelayMaxMs: loop.max / 1e6 };
  };
}
