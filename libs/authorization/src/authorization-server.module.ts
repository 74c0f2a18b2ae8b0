import { type DynamicModule, type INestApplication, Logger, Module } from '@nestjs/common';
import type { Provider } from 'oidc-provider';
import pg from 'pg';
import { DurableStreamPublisher, Events, NatsContractClient, NatsContractModule, Streams } from '@fapi/nats-contract';
import { RecordingQueue } from '@fapi/developer-console';
import { createPrismaClient, reportLostConnections } from '@fapi/persistence';
import { type DirectRoutes, OPERATIONS_PATHS } from '@fapi/service-runtime';
import { PrismaClient } from '../generated/prisma';
import { type AuthorizationServerOptions, authorizationServerOptionsFromEnv } from './authorization-server-options';
import { RegisteredClientsController } from './clients/registered-clients.controller';
import { BankRecordsController } from './console/bank-records.controller';
import { ConsoleController } from './console/console.controller';
import { CONSOLE_PATHS } from './console/console-page';
import { ConsoleStore } from './console/console-store';
import { InteractionController } from './interactions/interaction.controller';
import { LoginThrottle } from './interactions/login-throttle';
import { createFapiProvider, installRegistrationToken } from './provider/fapi-provider';
import { configuredHostOnly } from './rules/configured-host-only';
import type { GrantRevocationAnnouncements } from './rules/grant-revocation';
import { loadProviderMaterial } from './provider/provider-material';
import { RulesPageController } from './docs/rules-page.controller';
import { RULES_PAGE_PATH } from './docs/rules-page';
import { ExpiredRowsSweeper } from './storage/expired-rows-sweeper';
import { OidcModelStore } from './storage/oidc-model-store';
import { RegisteredClientCache } from './storage/registered-client-cache';
import { ReplayRecords } from './storage/replay-records';
import { AUTHORIZATION_SERVER_OPTIONS, CONSOLE_RECORDING, CONSOLE_STORE, GRANT_REVOCATIONS, OIDC_MODEL_STORE, OIDC_PROVIDER, REPLAY_RECORDS } from './tokens';

/** Lets the developer console's background writes end before the database closes (they would hang on a closed pool). */
class ConsoleRecordingShutdown {
  constructor(
    private readonly recording: RecordingQueue,
    private readonly store: ConsoleStore,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.recording.settled();
    await this.store.settled();
  }
}

/**
 * The module's connections to its database (Prisma; the hot paths' node-postgres pool; the replay records'
 * own pool), closed when the application shuts down.
 */
export class AuthorizationDatabase {
  readonly prisma: PrismaClient;
  readonly models: OidcModelStore;
  readonly replays: ReplayRecords;
  /** node-postgres connections of the hot paths: oidc-provider's models, the console's records, the login throttle. */
  readonly pool: pg.Pool;

  constructor(options: AuthorizationServerOptions) {
    this.prisma = createPrismaClient(PrismaClient, options.databaseUrl);
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8 });
    this.pool.on('error', reportLostConnections('AuthorizationDatabase'));
    this.models = new OidcModelStore(this.pool);
    this.replays = new ReplayRecords(options.databaseUrl);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.prisma.$disconnect(), this.pool.end(), this.replays.close()]);
  }
}

/**
 * The FAPI authorization server as a Nest module: oidc-provider on PostgreSQL, talking to consent-service and the
 * bank over NATS, the login/consent pages, and the registered clients' keys served over NATS (start the app with
 * NATS handlers). oidc-provider answers its routes through `authorizationServerRoutes`.
 */
@Module({})
export class AuthorizationServerModule {
  static forRoot(options: AuthorizationServerOptions = authorizationServerOptionsFromEnv()): DynamicModule {
    return {
      module: AuthorizationServerModule,
      imports: [NatsContractModule.forRoot(options)],
      controllers: [InteractionController, RegisteredClientsController, RulesPageController, ConsoleController, BankRecordsController],
      providers: [
        { provide: AUTHORIZATION_SERVER_OPTIONS, useValue: options },
        { provide: AuthorizationDatabase, useFactory: () => new AuthorizationDatabase(options) },
        { provide: OIDC_MODEL_STORE, useFactory: (db: AuthorizationDatabase) => db.models, inject: [AuthorizationDatabase] },
        { provide: REPLAY_RECORDS, useFactory: (db: AuthorizationDatabase) => db.replays, inject: [AuthorizationDatabase] },
        { provide: GRANT_REVOCATIONS, useFactory: () => new DurableStreamPublisher(options, Streams.grantRevocations) },
        { provide: CONSOLE_STORE, inject: [AuthorizationDatabase], useFactory: (db: AuthorizationDatabase) => new ConsoleStore(db.prisma, db.pool) },
        {
          provide: CONSOLE_RECORDING,
          inject: [CONSOLE_STORE],
          useFactory: (consoleStore: ConsoleStore) => new RecordingQueue((records) => consoleStore.add(records), new Logger('DeveloperConsole')),
        },
        {
          provide: ConsoleRecordingShutdown,
          inject: [CONSOLE_RECORDING, CONSOLE_STORE],
          useFactory: (recording: RecordingQueue, consoleStore: ConsoleStore) => new ConsoleRecordingShutdown(recording, consoleStore),
        },
        { provide: RegisteredClientCache, useFactory: () => new RegisteredClientCache() },
        {
          provide: OIDC_PROVIDER,
          inject: [OIDC_MODEL_STORE, AuthorizationDatabase, NatsContractClient, GRANT_REVOCATIONS, RegisteredClientCache, CONSOLE_RECORDING, CONSOLE_STORE],
          useFactory: async (
            store: OidcModelStore,
            { replays }: AuthorizationDatabase,
            nats: NatsContractClient,
            revocations: GrantRevocationAnnouncements,
            cache: RegisteredClientCache,
            recording: RecordingQueue,
            consoleStore: ConsoleStore,
          ) => {
            const material = loadProviderMaterial(options.certsDir);
            const announceChange = (clientId: string) => nats.emit(Events.clientRegistrationChanged, { clientId });
            const clients = { cache, announceChange };
            const provider = createFapiProvider({
              options,
              material,
              store,
              replays,
              clients,
              consents: nats,
              bank: nats,
              revocations,
              developerConsole: { recording, store: consoleStore },
            });
            await installRegistrationToken(provider, material.registrationToken);
            return provider;
          },
        },
        { provide: LoginThrottle, inject: [AuthorizationDatabase], useFactory: (db: AuthorizationDatabase) => new LoginThrottle(db.pool, options.loginThrottle) },
        ExpiredRowsSweeper,
      ],
    };
  }
}

const CONSOLE_ROUTES = new RegExp(`^${CONSOLE_PATHS.page}([/?]|$)`);

/** The paths Nest serves itself (the login and consent pages, the rules page, the developer console, health and metrics); oidc-provider answers the rest. */
const isNestRoute = (url: string) => url.startsWith('/interaction/') || url.startsWith(RULES_PAGE_PATH) || CONSOLE_ROUTES.test(url) || OPERATIONS_PATHS.test(url);

/**
 * oidc-provider answers every request but Nest's routes, straight from the server (startHttpsService's `directRoutes`:
 * past Express and Nest, through the service-wide middleware), behind the refusal of requests for another host.
 */
export function authorizationServerRoutes(app: INestApplication): DirectRoutes {
  const callback = app.get<Provider>(OIDC_PROVIDER).callback();
  return {
    owns: (url) => !isNestRoute(url),
    guards: [configuredHostOnly(app.get<AuthorizationServerOptions>(AUTHORIZATION_SERVER_OPTIONS).issuer)],
    answer: (req, res) => void callback(req, res),
  };
}

/** Nest's pages (login and consent, rules, console) refuse requests for another host too (startHttpsService's `configure`). */
export function guardConfiguredHost(app: INestApplication): void {
  app.use(configuredHostOnly(app.get<AuthorizationServerOptions>(AUTHORIZATION_SERVER_OPTIONS).issuer));
}
