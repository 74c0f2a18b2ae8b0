import { type DynamicModule, type INestApplication, Logger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { sandboxNatsServer } from '@fapi/nats-contract';
import { loadTlsIdentity } from '@fapi/pki';
import { listenPort, sandboxConfig } from './sandbox-config';
import { answerClientErrorsWithInteractionId } from './client-errors';
import { securityHeaders } from './security-headers';
import { httpMetrics } from './operations/http-metrics';
import { OperationsModule } from './operations/operations.module';
import type { ReadinessCheck } from './operations/readiness-check';

/** What every service serves its operators (OperationsModule): health with the service's readiness checks, metrics. */
export interface ServiceOperations {
  /** What `/health/ready` checks (none: ready whenever the process answers). */
  readiness: readonly ReadinessCheck[];
  /** The route label of a request Nest's router does not serve (see httpMetrics). */
  routeOf?: (path: string) => string | undefined;
}

/** The service's module with OperationsModule beside it, so that every service has them and none declares them. */
function withOperations(module: Type<unknown> | DynamicModule, { readiness }: ServiceOperations): DynamicModule {
  return { module: SandboxServiceModule, imports: [module, OperationsModule.forService(readiness)] };
}

@Module({})
class SandboxServiceModule {}

export interface HttpsServiceOptions extends ServiceOperations {
  /** The certificate name in the certs folder (`<name>.pem` / `<name>.key`). */
  identity: string;
  /** The public base URL; its port is the listening port unless PORT is set. */
  publicUrl: string;
  /** Also serve the module's NATS message handlers. */
  natsHandlers?: boolean;
  /** Nest's JSON/urlencoded body parsers; off when the app parses bodies itself (e.g. with a size limit). */
  bodyParser?: boolean;
  /** Runs after creation and before listen (mount middleware, e.g. oidc-provider, here). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/**
 * Starts an HTTPS service. Client certificates are always requested and checked against the sandbox CA, but the
 * TLS handshake does not fail without one: each endpoint decides (and answers with a protocol error) itself. Every
 * response carries the security headers (securityHeaders, before `configure`'s middleware), and the requests Node
 * refuses itself (431) an x-fapi-interaction-id.
 */
export async function startHttpsService(module: Type<unknown> | DynamicModule, options: HttpsServiceOptions): Promise<INestApplication> {
  const config = sandboxConfig();
  const tls = loadTlsIdentity(config.certsDir, options.identity);
  const app = await NestFactory.create<NestExpressApplication>(withOperations(module, options), {
    httpsOptions: { ...tls, requestCert: true, rejectUnauthorized: false },
    bodyParser: options.bodyParser ?? true,
  });
  app.enableShutdownHooks();
  if (options.natsHandlers) {
    app.connectMicroservice(sandboxNatsServer(config));
    await app.startAllMicroservices();
  }
  app.use(securityHeaders());
  app.use(httpMetrics(options.routeOf));
  await options.configure?.(app);
  const port = listenPort(options.publicUrl);
  await app.listen(port, process.env.HOST || '0.0.0.0');
  answerClientErrorsWithInteractionId(app.getHttpServer());
  new Logger('Sandbox').log(`${options.identity} listening on ${options.publicUrl} (port ${port})`);
  return app;
}

export interface NatsServiceOptions extends ServiceOperations {
  /** The plain-HTTP port of its health and metrics endpoints (it has no other HTTP endpoint). */
  healthPort: number;
}

/** Starts a service that answers NATS messages, with its health and metrics on a plain-HTTP port of their own. */
export async function startNatsService(module: Type<unknown> | DynamicModule, options: NatsServiceOptions): Promise<INestApplication> {
  const config = sandboxConfig();
  const app = await NestFactory.create<NestExpressApplication>(withOperations(module, options));
  app.enableShutdownHooks();
  app.connectMicroservice(sandboxNatsServer(config));
  await app.startAllMicroservices();
  app.use(httpMetrics(options.routeOf));
  await app.listen(options.healthPort, process.env.HOST || '0.0.0.0');
  new Logger('Sandbox').log(`listening on NATS ${config.natsUrl} as sandbox ${config.sandboxId}, health and metrics on port ${options.healthPort}`);
  return app;
}

/**
 * What a sandbox service is, as its lib declares it: the Nest module it runs and, for an HTTP service, how it is served
 * (a service without `https` answers NATS messages only, with its health and metrics on a plain-HTTP port). Every app's main.ts is `runService(<its lib's definition>)`.
 */
export type SandboxService = HttpsSandboxService | NatsSandboxService;

export interface HttpsSandboxService {
  module: Type<unknown> | DynamicModule;
  https: HttpsServiceOptions;
}

export interface NatsSandboxService {
  module: Type<unknown> | DynamicModule;
  https?: undefined;
  nats: NatsServiceOptions;
}

/** Starts a service as its definition says: HTTPS (with its NATS handlers if asked) or NATS only. */
export async function startService(service: SandboxService): Promise<void> {
  if (service.https) await startHttpsService(service.module, service.https);
  else await startNatsService(service.module, service.nats);
}

/**
 * Runs a service: reads its definition (configuration from the environment) and starts it. A failure (a missing or
 * expired certificate, an unreachable database or NATS) ends the process with exit code 1 and the reason in one line,
 * naming the file or address at fault.
 */
export function runService(define: () => SandboxService | Promise<SandboxService>): void {
  Promise.resolve()
    .then(define)
    .then(startService)
    .catch((error: unknown) => {
      new Logger('Sandbox').error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
