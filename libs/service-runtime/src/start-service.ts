import { type DynamicModule, type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { natsConnectionOptions } from '@fapi/nats-contract';
import { loadTlsIdentity } from '@fapi/pki';
import { listenPort, sandboxConfig } from './sandbox-config';
import { answerClientErrorsWithInteractionId } from './client-errors';
import { securityHeaders } from './security-headers';

export interface HttpsServiceOptions {
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
  const app = await NestFactory.create<NestExpressApplication>(module, {
    httpsOptions: { ...tls, requestCert: true, rejectUnauthorized: false },
    bodyParser: options.bodyParser ?? true,
  });
  app.enableShutdownHooks();
  if (options.natsHandlers) {
    app.connectMicroservice<MicroserviceOptions>({ transport: Transport.NATS, options: natsConnectionOptions(config.natsUrl) });
    await app.startAllMicroservices();
  }
  app.use(securityHeaders());
  await options.configure?.(app);
  const port = listenPort(options.publicUrl);
  await app.listen(port, process.env.HOST || '0.0.0.0');
  answerClientErrorsWithInteractionId(app.getHttpServer());
  new Logger('Sandbox').log(`${options.identity} listening on ${options.publicUrl} (port ${port})`);
  return app;
}

/** Starts a service that only answers NATS messages (no HTTP). */
export async function startNatsService(module: Type<unknown> | DynamicModule): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.NATS,
    options: natsConnectionOptions(sandboxConfig().natsUrl),
  });
  app.enableShutdownHooks();
  await app.listen();
  new Logger('Sandbox').log(`listening on NATS ${sandboxConfig().natsUrl}`);
}

/**
 * What a sandbox service is, as its lib declares it: the Nest module it runs and, for an HTTP service, how it is served
 * (a service without `https` answers NATS messages only). Every app's main.ts is `runService(<its lib's definition>)`.
 */
export type SandboxService = HttpsSandboxService | NatsSandboxService;

export interface HttpsSandboxService {
  module: Type<unknown> | DynamicModule;
  https: HttpsServiceOptions;
}

export interface NatsSandboxService {
  module: Type<unknown> | DynamicModule;
  https?: undefined;
}

/** Starts a service as its definition says: HTTPS (with its NATS handlers if asked) or NATS only. */
export async function startService(service: SandboxService): Promise<void> {
  if (service.https) await startHttpsService(service.module, service.https);
  else await startNatsService(service.module);
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
