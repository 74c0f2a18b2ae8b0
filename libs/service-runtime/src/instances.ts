import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { AggregatorRegistry } from 'prom-client';
import type { ReadinessCheck } from './operations/readiness-check';

/**
 * Several instances of one service in one process tree (SERVICE_INSTANCES=N, `npm start -- --instances N`): node:cluster
 * workers, each a whole service (its own Nest application, database pool and NATS connection), sharing the service's
 * one listening port, to which the primary hands each new connection in turn. The public URLs stay what they are (one
 * issuer, one bank URL). What any instance may need from another lives in PostgreSQL or NATS (docs/architecture.md
 * "State and instances"), so any instance can serve any request. The primary serves nothing itself: it starts the
 * instances, says when all of them listen, sums their metrics and stops them.
 */

/** How long the primary waits for stopping instances before it kills them. */
const STOP_GRACE_MS = 10_000;
/** How long an instance waits for the primary's summed metrics. */
const METRICS_TIMEOUT_MS = 5_000;

/** The messages between the primary and its instances (prom-client's own metrics messages travel beside them). */
type PrimaryMessage = { fapiInstances: 'all-listening' } | { fapiInstances: 'stop' } | { fapiInstances: 'metrics'; request: number; text?: string; error?: string };
type InstanceMessage = { fapiInstances: 'metrics?'; request: number };

const isOurs = (message: unknown): message is PrimaryMessage | InstanceMessage =>
  typeof message === 'object' && message !== null && 'fapiInstances' in message;

/** Whether this process is one instance of several (a cluster worker), rather than the whole service. */
export const isOneOfSeveralInstances = (): boolean => cluster.isWorker;

/**
 * The primary: starts `count` instances of `service` and watches them. Once every instance listens, it tells them (their
 * readiness waits for it: allInstancesListening). SIGTERM or SIGINT stops them all, gracefully, and then the primary
 * (exit 0). An instance that ends by itself ends the service: the others are stopped and the primary exits 1, as a
 * single process would, so that whoever runs the service (the launcher, Kubernetes) sees it fail rather than run short.
 */
export function superviseInstances(service: string, count: number): void {
  const log = new Logger('Instances');
  const listening = new Set<number>();
  const metrics = new AggregatorRegistry();
  let stopping = false;
  let exited = 0;
  let exitCode = 0;

  const instances = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
  const tell = (worker: Worker, message: PrimaryMessage) => {
    if (worker.isConnected()) worker.send(message);
  };
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of instances()) tell(worker, { fapiInstances: 'stop' });
    setTimeout(() => instances().forEach((worker) => worker.process.kill('SIGKILL')), STOP_GRACE_MS).unref();
  };

  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (listening.size !== count) return;
    log.log(`${service}: all ${count} instances listening`);
    for (const each of instances()) tell(each, { fapiInstances: 'all-listening' });
  });
  cluster.on('message', (worker, message: unknown) => {
    if (!isOurs(message) || message.fapiInstances !== 'metrics?') return;
    metrics.clusterMetrics().then(
      (text) => tell(worker, { fapiInstances: 'metrics', request: message.request, text }),
      (error: Error) => tell(worker, { fapiInstances: 'metrics', request: message.request, error: error.message }),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      log.error(`${service}: instance ${worker.id} of ${count} ended by itself (${signal ?? `exit code ${code}`}); stopping the others`);
      exitCode = 1;
      stopAll();
    }
    if (++exited === count) process.exit(exitCode);
  });
  // A terminal's Ctrl-C reaches every process of the group: the instances ignore it (joinInstances), the primary stops them.
  process.on('SIGTERM', stopAll);
  process.on('SIGINT', stopAll);

  log.log(`${service}: starting ${count} instances (node:cluster, one port)`);
  for (let instance = 0; instance < count; instance++) cluster.fork();
}

/** What an instance knows of its siblings, from the primary's messages. */
let allListening = false;
let stopApplication: (() => Promise<void>) | undefined;
const metricsRequests = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
let lastMetricsRequest = 0;

/**
 * An instance joins the others (before its service starts, so that it misses no message): it stops when the primary
 * says so (never on a signal of its own: the primary sees the whole service stopped in order), learns when every
 * instance listens, and hands the primary its metrics when asked.
 */
export function joinInstances(): void {
  new AggregatorRegistry(); // constructed in a worker, it answers the primary's requests for this instance's metrics
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
  process.on('message', (message: unknown) => {
    if (!isOurs(message)) return;
    if (message.fapiInstances === 'all-listening') allListening = true;
    else if (message.fapiInstances === 'stop') void stopInstance();
    else if (message.fapiInstances === 'metrics') {
      const pending = metricsRequests.get(message.request);
      metricsRequests.delete(message.request);
      if (message.text !== undefined) pending?.resolve(message.text);
      else pending?.reject(new Error(message.error ?? 'no metrics'));
    }
  });
}

async function stopInstance(): Promise<void> {
  try {
    await stopApplication?.();
  } finally {
    process.exit(0);
  }
}

/** How this instance's application is stopped when the primary asks (Nest's shutdown hooks run, as on a signal). */
export function stopInstanceWith(close: () => Promise<void>): void {
  stopApplication = close;
}

/** Readiness of an instance: not before every instance of the service listens, so "ready" means all N serve. */
export const allInstancesListening: ReadinessCheck = {
  name: 'instances',
  probe: () => {
    if (!allListening) throw new Error('not every instance of the service listens yet');
  },
};

/**
 * Prometheus' text of every instance's metrics summed (prom-client's AggregatorRegistry, run by the primary), so that a
 * scrape of the one port, whichever instance answers it, sees the whole service.
 */
export function metricsOfAllInstances(): Promise<string> {
  const request = ++lastMetricsRequest;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      metricsRequests.delete(request);
      reject(new Error('the primary did not answer with the instances’ metrics'));
    }, METRICS_TIMEOUT_MS);
    const settle = <T>(done: (value: T) => void) => (value: T) => {
      clearTimeout(timer);
      done(value);
    };
    metricsRequests.set(request, { resolve: settle(resolve), reject: settle(reject) });
    const message: InstanceMessage = { fapiInstances: 'metrics?', request };
    process.send?.(message);
  });
}
