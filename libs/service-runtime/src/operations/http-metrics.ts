import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

/** What Express adds to a request: the route it matched (once matched), its mount path and its path. */
export type ExpressRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; path?: string };

const LABELS = ['method', 'route', 'status'] as const;

/** Every metric lives in prom-client's default registry, which `/metrics` serves (the AS's login counters too). */
const requests = new Counter({ name: 'fapi_http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames: LABELS });
const latency = new Histogram({
  name: 'fapi_http_request_duration_seconds',
  help: 'Time from receiving an HTTP request to the end of its response, by route template and status',
  labelNames: LABELS,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** The label of a request no route of the service's router matched (another router's, a 404): never its raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route label: the template the request matched (`/open-banking/v4.0/aisp/accounts/:AccountId`), never the path
 * itself, which carries ids and would make one time series per resource. A service whose requests are answered by
 * another router (oidc-provider in the AS) names its routes with `routeOf`. Read once the response ended (the
 * request log line uses it too).
 */
export function routeTemplate(req: ExpressRequest, routeOf?: (path: string) => string | undefined): string {
  if (req.route?.path) return `${req.baseUrl ?? ''}${String(req.route.path)}`;
  // a request answered past Express (answerDirectly) has no req.path: its target's path, without the query
  return routeOf?.(req.path ?? (req.url ?? '').split('?', 1)[0]) ?? UNMATCHED_ROUTE;
}

/** The process metrics (CPU, memory, event loop lag, handles), once per process however many services run in it. */
function collectProcessMetricsOnce(): void {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
}

/** Counts and times every HTTP request of the service, labelled by method, route template and status. */
export function httpMetrics(routeOf?: (path: string) => string | undefined) {
  collectProcessMetricsOnce();
  return (req: ExpressRequest, res: ServerResponse, next: () => void): void => {
    const stopTimer = latency.startTimer();
    res.once('finish', () => {
      const labels = { method: req.method ?? '', route: routeTemplate(req, routeOf), status: String(res.statusCode) };
      requests.inc(labels);
      stopTimer(labels);
    });
    next();
  };
}
