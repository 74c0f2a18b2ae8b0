import cluster from 'node:cluster';
import { type DynamicModule, type INestApplication, Logger, Module, type Type } from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type SandboxNats, sandboxNatsServer } from '@fapi/nats-contract';
import { loadTlsIdentity } from '@fapi/pki';
import { listenPort, sandboxConfig } from './sandbox-config';
import { answerClientErrorsWithInteractionId } from './client-errors';
import { keepIdleConnections } from './idle-connections';
import { answerDirectly, type DirectRoutes, type Middleware } from './direct-routes';
import { securityHeaders } from './security-headers';
import { FAPI_TLS_OPTIONS } from './fapi-tls';
import { nestLogger, natsMessageLog, requestLog } from './logs';
import { httpMetrics } from './operations/http-metrics';
import { OperationsModule } from './operations/operations.module';
import type { ReadinessCheck } from './operations/readiness-check';
import { allInstancesListening, isOneOfSeveralInstances, joinInstances, stopInstanceWith, superviseInstances } from './instances';
import { type SandboxServiceName, SERVICE_STATE, serviceInstances } from './service-instances';

/** What every service serves its operators (OperationsModule): health with the service's readiness checks, metrics. */
export interface ServiceOperations {
  /** What `/health/ready` checks (none: ready whenever the process answers). */
  readiness: readonly ReadinessCheck[];
  /** The route label of a request Nest's router does not serve (see httpMetrics). */
  routeOf?: (path: string) => string | undefined;
}

/**
 * The service's module with OperationsModule beside it, so that every service has them and none declares them. One
 * instance of several is ready only once all of them listen.
 */
function withOperations(module: Type<unknown> | DynamicModule, { readiness }: ServiceOperations): DynamicModule {
  const checks = isOneOfSeveralInstances() ? [...readiness, allInstancesListening] : readiness;
  return { module: SandboxServiceModule, imports: [module, OperationsModule.forService(checks)] };
}

/** A whole service stops on SIGTERM/SIGINT (Nest's shutdown hooks); one instance of several when its primary says so. */
function stopsWhenAsked(app: INestApplication): void {
  if (isOneOfSeveralInstances()) stopInstanceWith(() => app.close());
  else app.enableShutdownHooks();
}

/**
 * Responses carry no ETag: Express would hash every body it sends (SHA-1) to make one, 2 % of the bank's CPU per
 * account read and 45-200 µs per transactions answer (issue 11), for conditional requests no client of ours sends,
 * and whose 304 the OB Read/Write API does not list among its answers.
 */
function withoutEtags(app: NestExpressApplication): void {
  app.set('etag', false);
}

@Module({})
class SandboxServiceModule {}

export interface HttpsServiceOptions extends ServiceOperations {
  /** The service's name, and its certificate's in the certs folder (`<name>.pem` / `<name>.key`). */
  identity: string;
  /** The public base URL; its port is the listening port unless PORT is set. */
  publicUrl: string;
  /** Also serve the module's NATS message handlers. */
  natsHandlers?: boolean;
  /** Nest's JSON/urlencoded body parsers; off when the app parses bodies itself (e.g. with a size limit). */
  bodyParser?: boolean;
  /** Runs after creation and before listen (mount middleware here). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
  /** Requests another framework answers whole (oidc-provider in the AS): past Express and Nest (answerDirectly). */
  directRoutes?: (app: NestExpressApplication) => DirectRoutes;
}

/**
 * Starts an HTTPS service, speaking only the TLS versions and suites FAPI permits (FAPI_TLS_OPTIONS). Client certificates are always requested and checked against the sandbox CA, but the
 * TLS handshake does not fail without one: each endpoint decides (and answers with a protocol error) itself. Every
 * response carries the security headers (securityHeaders, before `configure`'s middleware), and the requests Node
 * refuses itself (431) an x-fapi-interaction-id. Idle keep-alive connections stay open for IDLE_CONNECTION_TIMEOUT_MS.
 */
export async function startHttpsService(module: Type<unknown> | DynamicModule, options: HttpsServiceOptions): Promise<INestApplication> {
  const config = sandboxConfig();
  const tls = loadTlsIdentity(config.certsDir, options.identity);
  const app = await NestFactory.create<NestExpressApplication>(withOperations(module, options), {
    httpsOptions: { ...tls, ...FAPI_TLS_OPTIONS, requestCert: true, rejectUnauthorized: false },
    bodyParser: options.bodyParser ?? true,
    abortOnError: false, // a provider that fails throws to the caller (runService: one line), not Nest's exit with a stack
    logger: nestLogger(),
  });
  stopsWhenAsked(app);
  withoutEtags(app);
  if (options.natsHandlers) await serveNatsHandlers(app, config, options.identity);
  const serviceWide: Middleware[] = [requestLog(options.routeOf), securityHeaders(), httpMetrics(options.routeOf)];
  for (const middleware of serviceWide) app.use(middleware);
  await options.configure?.(app);
  if (options.directRoutes) answerDirectly(app.getHttpServer(), options.directRoutes(app), serviceWide);
  const port = listenPort(options.publicUrl);
  keepIdleConnections(app.getHttpServer());
  await app.listen(port, process.env.HOST || '0.0.0.0');
  answerClientErrorsWithInteractionId(app.getHttpServer());
  new Logger('Sandbox').log(`${options.identity} listening on ${options.publicUrl} (port ${port})`);
  return app;
}

/**
 * The module's NATS message handlers, each run in the interaction its message carries (natsMessageLog), in the queue
 * group of `service` (one instance of several handles each message: sandboxNatsServer).
 */
async function serveNatsHandlers(app: INestApplication, nats: SandboxNats, service: string): Promise<void> {
  // The hook goes into the application's configuration, which the microservice shares (its own would have to be
  // initialised later, and would then run every module's init hooks a second time).
  app.get(ApplicationConfig).registerPreRequestHook(natsMessageLog);
  app.connectMicroservice(sandboxNatsServer(nats, service), { inheritAppConfig: true });
  await app.startAllMicroservices();
}

export interface NatsServiceOptions extends ServiceOperations {
  /** The service's name (its NATS queue group, its instances' log lines). */
  name: string;
  /** The plain-HTTP port of its health and metrics endpoints (it has no other HTTP endpoint). */
  healthPort: number;
}

/** Starts a service that answers NATS messages, with its health and metrics on a plain-HTTP port of their own. */
export async function startNatsService(module: Type<unknown> | DynamicModule, options: NatsServiceOptions): Promise<INestApplication> {
  const config = sandboxConfig();
  const app = await NestFactory.create<NestExpressApplication>(withOperations(module, options), { abortOnError: false, logger: nestLogger() });
  stopsWhenAsked(app);
  withoutEtags(app);
  await serveNatsHandlers(app, config, options.name);
  app.use(requestLog(options.routeOf));
  app.use(httpMetrics(options.routeOf));
  await app.listen(options.healthPort, process.env.HOST || '0.0.0.0');
  new Logger('Sandbox').log(`listening on NATS ${config.natsUrl} as sandbox ${config.sandboxId}, health and metrics on port ${options.healthPort}`);
  return app;
}

/**
 * What must hold before a service starts (its database exists and is migrated, NATS answers): resolves, or throws an
 * error whose message says in one line what is wrong, naming the database or server, and what to do.
 */
export type StartupCheck = () => Promise<void>;

/**
 * What a sandbox service is, as its lib declares it: the Nest module it runs and, for an HTTP service, how it is served
 * (a service without `https` answers NATS messages only, with its health and metrics on a plain-HTTP port), and what
 * it checks before it starts. Every app's main.ts is `runService(<its lib's definition>)`.
 */
export type SandboxService = HttpsSandboxService | NatsSandboxService;

interface SandboxServiceBase {
  module: Type<unknown> | DynamicModule;
  /** Checked in order before anything starts; the first that fails is why the service does not start. */
  startupChecks?: readonly StartupCheck[];
}

export interface HttpsSandboxService extends SandboxServiceBase {
  https: HttpsServiceOptions;
}

export interface NatsSandboxService extends SandboxServiceBase {
  https?: undefined;
  nats: NatsServiceOptions;
}

/** Starts a service as its definition says, after its startup checks: HTTPS (with its NATS handlers if asked) or NATS only. */
export async function startService(service: SandboxService): Promise<void> {
  for (const check of service.startupChecks ?? []) await check();
  if (service.https) await startHttpsService(service.module, service.https);
  else await startNatsService(service.module, service.nats);
}

/**
 * Runs a service: reads its definition (configuration from the environment) and starts it, or with SERVICE_INSTANCES=N
 * (N > 1) starts N instances of it sharing its port (./instances.ts). A failure (a missing or expired certificate, an
 * unreachable database or NATS) ends the process with exit code 1 and the reason in one line, naming the file or
 * address at fault.
 */
export function runService(define: () => SandboxService | Promise<SandboxService>): void {
  Logger.overrideLogger(nestLogger()); // a failure before the service's application exists is a JSON line too
  Promise.resolve()
    .then(async () => {
      const instances = serviceInstances();
      if (cluster.isWorker) joinInstances();
      const service = await define();
      const name = service.https ? service.https.identity : service.nats.name;
      // refused rather than have requests land on an instance that does not know their session
      const state = SERVICE_STATE[name as SandboxServiceName];
      if (instances > 1 && state?.keepsStateInMemory) throw new Error(`${name} runs as one instance only, not ${instances}: ${state.why}`);
      if (instances > 1 && cluster.isPrimary) superviseInstances(name, instances);
      else await startService(service);
    })
    .catch((error: unknown) => {
      new Logger('Sandbox').error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
