import { Gauge, Histogram, Registry } from 'prom-client';
import { serverPausesOf } from './pauses.mts';

// The servers' pauses are read from what prom-client publishes: the same metric names, labels and buckets as its
// default GC and event-loop metrics, written by prom-client itself.
describe('a server’s pauses read from its /metrics', () => {
  it('counts its GC pauses of every kind, those longer than 10 ms, and its longest event-loop delay', async () => {
    const registry = new Registry();
    const gc = new Histogram({ name: 'nodejs_gc_duration_seconds', help: 'gc', labelNames: ['kind'], buckets: [0.001, 0.01, 0.1, 1, 2, 5], registers: [registry] });
    const lagMax = new Gauge({ name: 'nodejs_eventloop_lag_max_seconds', help: 'lag', registers: [registry] });
    for (const seconds of [0.0004, 0.002, 0.009, 0.01, 0.051]) gc.observe({ kind: 'minor' }, seconds);
    for (const seconds of [0.004, 0.027]) gc.observe({ kind: 'major' }, seconds);
    lagMax.set(0.117);
    expect(serverPausesOf(await registry.metrics())).toEqual({ gcPauses: 7, longGcPauses: 2, loopDelayMaxMs: 117 });
  });
});
