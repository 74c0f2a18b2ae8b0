/** How a sandbox service starts: its environment, its TLS identity, its NATS connection, its health and metrics. */
export * from './sandbox-config';
export * from './start-service';
export type { DirectRoutes, Middleware } from './direct-routes';
export { AnnouncedChangeCache, type AnnouncedChangeCacheOptions } from './announced-change-cache';
export { PeriodicSweep } from './periodic-sweep';
export { FAPI_TLS12_CIPHER_SUITES, FAPI_TLS_OPTIONS } from './fapi-tls';
export { databaseCheck, natsCheck, type ReadinessCheck } from './operations/readiness-check';
export { OPERATIONS_PATHS } from './operations/operations.module';
export {
  instancesOf,
  isInstanceCount,
  MOST_INSTANCES,
  type SandboxServiceName,
  RUN_ONCE_SERVICES,
  SCALED_OUT_SERVICES,
  SERVICE_INSTANCES_VARIABLE,
  SERVICE_STATE,
  serviceInstances,
} from './service-instances';
