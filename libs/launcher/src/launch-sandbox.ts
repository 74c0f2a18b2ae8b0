import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import { loadOnboardedTpp, onboardTpp } from '@fapi/onboarding';
import { DATABASE_OWNERS, databaseUrl } from '@fapi/persistence';
import { generateSandboxCertificates } from '@fapi/pki';
// The rule alone: the package's index loads NestJS.
import { instancesOf, type SandboxServiceName } from '@fapi/service-runtime/dist/service-instances';
import { repoRoot } from './repo-root';
import { provideNats, providePostgres } from './backing-services/provide';
import { chooseNats, choosePostgres, type Surroundings } from './backing-services/resolution';
import type { RunningBackingService } from './backing-services/running-backing-service';
import { answersHttps, logTail, type ServiceProcess, startChild, startService, waitUntilReady } from './processes/child-processes';
import type { Progress } from './progress';
import type { RunningSandbox } from './running-sandbox';
import { SAMPLE_FINTECH, SAMPLE_FINTECH_PROFILES, type SampleFintechProfile } from './sample-fintech';
import { type SandboxAddresses, sandboxAddresses, serviceEnvironment } from './sandbox-environment';

export interface LaunchOptions {
  /** The sandbox's git-ignored home (`.sandbox/`): certificates, database, JetStream store, logs, the onboarded fintech. */
  home: string;
  portBase: number;
  /** Instances of each service in SCALED_OUT_SERVICES (the others run once). */
  instances: number;
  /** Start from scratch: the home is emptied first. */
  reset: boolean;
  /** Build what is stale first (Nx, cached); off only where the caller has just built. */
  build: boolean;
  /** LOG_FORMAT=pretty for the services (people read their logs). */
  prettyLogs: boolean;
  /** How the sample fintech is onboarded (SAMPLE_FINTECH_PROFILES). */
  fintechProfile: SampleFintechProfile;
  /** NODE_OPTIONS of the services, e.g. `--cpu-prof --cpu-prof-dir=DIR` when a benchmark profiles them. */
  serviceNodeOptions?: string;
}

/** What a started sandbox is, for the summary printed to people. */
export interface LaunchedSandbox extends SandboxAddresses {
  home: string;
  certsDir: string;
  logsDir: string;
  postgres: RunningBackingService;
  nats: RunningBackingService;
  /** Whether the sample fintech was onboarded by this start (else its folder was kept). */
  onboardedNow: boolean;
  /** Instances of each service in SCALED_OUT_SERVICES. */
  instances: number;
}

/**
 * The services that may run as several instances (SERVICE_INSTANCES, node:cluster, one port each): they keep nothing a
 * journey needs in their memory (docs/architecture.md "State and instances"); since the sample fintech's sessions and
 * journeys moved to its database, that is every one of them (SERVICE_STATE).
 */

/**
 * Starts a whole sandbox, one stage at a time: build → certificates → PostgreSQL → migrations → NATS → consent-service,
 * bank-api, authorization-server (each waited for on `/health/ready`) → the sample fintech onboarded if it is not →
 * tpp-client. Every process goes to `sandbox`, which stops them all when a stage fails or Ctrl-C comes.
 */
export async function launchSandbox(options: LaunchOptions, sandbox: RunningSandbox, progress: Progress, surroundings: Surroundings): Promise<LaunchedSandbox> {
  // Both choices come first: without any NATS the launcher stops before it starts anything.
  const [postgresSource, natsSource] = await Promise.all([choosePostgres(surroundings), chooseNats(surroundings)]);
  const home = path.resolve(options.home);
  if (options.reset) rmSync(home, { recursive: true, force: true });
  const certsDir = path.join(home, 'certs');
  const logsDir = path.join(home, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const addresses = sandboxAddresses(options.portBase);
  const { fintechProfile } = options;
  const step = async <T>(label: string, run: () => Promise<T>, outcome: (result: T) => string) => {
    sandbox.assertNotStopping();
    return progress.stage(label, run, outcome, () => sandbox.isStopping);
  };
  const runCommand = (name: string, args: string[], env: NodeJS.ProcessEnv) =>
    finished(sandbox.adopt(startChild(name, process.execPath, args, { env, logsDir, ownProcessGroup: true }), { finishes: true }));

  if (options.build) {
    await step(
      'build',
      // no Nx daemon: it would outlive the sandbox
      () => runCommand('build', [path.join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '--outputStyle=static'], { ...process.env, NX_DAEMON: 'false' }),
      () => 'every project built (Nx cache)',
    );
  }
  await step(
    'certificates',
    () => generateSandboxCertificates({ outDir: certsDir }),
    ({ files }) => {
      const made = files.filter((file) => file.outcome !== 'kept').length;
      return made ? `${made} of ${files.length} files created or renewed in ${shown(certsDir)}` : `kept, in ${shown(certsDir)}`;
    },
  );
  const backing = { home, logsDir, ownProcessGroup: true };
  const postgres = await step('PostgreSQL', async () => sandbox.adoptBackingService(await providePostgres(postgresSource, backing)), (db) => db.description);
  await step(
    'migrations',
    () => runCommand('migrate', [path.join(repoRoot, 'libs/persistence/dist/cli/migrate.js')], { ...process.env, DATABASE_URL: postgres.url }),
    () => `applied (${DATABASE_OWNERS.map((owner) => decodeURIComponent(new URL(databaseUrl(owner, { DATABASE_URL: postgres.url })).pathname.slice(1))).join(', ')})`,
  );
  const nats = await step('NATS', async () => sandbox.adoptBackingService(await provideNats(natsSource, backing)), (server) => server.description);

  const env: NodeJS.ProcessEnv = {
    ...serviceEnvironment({ ...addresses, databaseUrl: postgres.url, natsUrl: nats.url, certsDir }),
    ...(options.prettyLogs ? { LOG_FORMAT: 'pretty' } : {}),
    ...(options.serviceNodeOptions ? { NODE_OPTIONS: options.serviceNodeOptions } : {}),
  };
  const trustCa = new Agent({ connect: { ca: readFileSync(path.join(certsDir, 'ca.pem')) } });
  const start = (app: string, serviceEnv = env) => sandbox.adopt(startService(app, serviceEnv, logsDir, app, true));
  const startInstances = (app: SandboxServiceName, appEnv: NodeJS.ProcessEnv = {}) =>
    start(app, { ...env, ...appEnv, SERVICE_INSTANCES: String(instancesOf(app, options.instances)) });
  const ready = (service: ServiceProcess, url: string) => waitUntilReady(service, () => answersHttps(url, trustCa, 200), 240);
  try {
    await step(
      'services',
      async () => {
        // ready once every instance listens (an instance's readiness waits for its siblings)
        const consent = startInstances('consent-service');
        const bank = startInstances('bank-api');
        const authorizationServer = startInstances('authorization-server');
        await Promise.all([
          ready(consent, `http://127.0.0.1:${addresses.healthPort}/health/ready`),
          ready(bank, `${addresses.bankUrl}/health/ready`),
          ready(authorizationServer, `${addresses.issuer}/health/ready`),
        ]);
      },
      () => `consent-service, bank-api, authorization-server ready${options.instances > 1 ? ` (${options.instances} instances each)` : ''}`,
    );
    const tppDir = path.join(home, 'onboarded', 'tpp-client');
    const onboardedNow = await step(
      'sample fintech',
      async () => {
        if (onboardedAt(tppDir, addresses.issuer, fintechProfile)) return false;
        rmSync(tppDir, { recursive: true, force: true });
        await onboardTpp({
          ...SAMPLE_FINTECH_PROFILES[fintechProfile].options,
          name: SAMPLE_FINTECH,
          redirectUris: [`${addresses.tppUrl}/callback`],
          authMethod: 'private_key_jwt',
          outDir: tppDir,
          certsDir,
          issuer: addresses.issuer,
          bankUrl: addresses.bankUrl,
        });
        return true;
      },
      (now) => `${now ? 'onboarded' : 'already onboarded'} (${SAMPLE_FINTECH_PROFILES[fintechProfile].description}) in ${shown(tppDir)}`,
    );
    await step(
      'tpp-client',
      () => ready(startInstances('tpp-client', { TPP_ONBOARDED_DIR: tppDir }), `${addresses.tppUrl}/health/ready`),
      () => `the sample fintech is ready${instancesOf('tpp-client', options.instances) > 1 ? ` (${instancesOf('tpp-client', options.instances)} instances)` : ''}`,
    );
    return { ...addresses, home, certsDir, logsDir, postgres, nats, onboardedNow, instances: options.instances };
  } finally {
    await trustCa.close();
  }
}

/** Whether the fintech's folder holds a client registered at this issuer with this profile (else it is onboarded anew). */
function onboardedAt(dir: string, issuer: string, profile: SampleFintechProfile): boolean {
  if (!existsSync(dir)) return false;
  try {
    const tpp = loadOnboardedTpp(dir);
    return tpp.issuer === issuer && tpp.profile === profile;
  } catch {
    return false;
  }
}

/** Resolves when a command exits 0; else fails with its last log lines. */
function finished(command: ServiceProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    command.child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command.name} failed (${code ?? signal}); its last log lines (${command.logFile}):\n${logTail(command, 20)}`));
    });
  });
}

/** A path as people read it: relative to where they are, when inside. */
export const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
};
