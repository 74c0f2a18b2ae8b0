import { readFileSync } from 'node:fs';
import { serviceEnvironment as sandboxServiceEnvironment } from '@fapi/launcher';
import type { NatsServerLaunch } from '@fapi/testing';

/** What the global setup started, handed to the stories through a file (jest runs them in other processes). */
export interface SandboxState {
  workDir: string;
  certsDir: string;
  issuer: string;
  bankUrl: string;
  /** The sample fintech onboarded for PAR + JARM, and the one onboarded for the hybrid flow. */
  tppUrl: string;
  tppHybridUrl: string;
  /** The sandbox's own JetStream NATS server (never a shared one: a story stops it), and how to start it again. */
  natsUrl: string;
  /** This run's namespace on NATS (SANDBOX_ID of its services). */
  sandboxId: string;
  nats: NatsServerLaunch;
  /** The consent-service's plain-HTTP health and metrics port (of this run: two sandboxes may run at once). */
  healthPort: number;
  databaseUrl: string;
  /** Their onboarded folders. */
  tppClientDir: string;
  tppHybridClientDir: string;
  logsDir: string;
  /** Process ids of the services (and NATS) the global setup started, by name (stories that kill one read it here). */
  pids: Record<string, number>;
}

/** The environment every sandbox service process of this run gets: the launcher's, with this run's addresses. */
export function serviceEnvironment(state: SandboxState): NodeJS.ProcessEnv {
  return { ...sandboxServiceEnvironment(state), SANDBOX_ID: state.sandboxId };
}

/** The global setup names its state file here; jest's test workers inherit the variable. */
export const STATE_FILE_VARIABLE = 'FAPI_SANDBOX_E2E_STATE';

let cached: SandboxState | undefined;

export function sandbox(): SandboxState {
  const file = process.env[STATE_FILE_VARIABLE];
  if (!file) throw new Error(`${STATE_FILE_VARIABLE} is not set: run the stories through jest's e2e project`);
  cached ??= JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
  return cached;
}
