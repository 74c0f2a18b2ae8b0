import { readFileSync } from 'node:fs';

/** What the global setup started, handed to the stories through a file (jest runs them in other processes). */
export interface SandboxState {
  workDir: string;
  certsDir: string;
  issuer: string;
  bankUrl: string;
  /** The sample fintech onboarded for PAR + JARM, and the one onboarded for the hybrid flow. */
  tppUrl: string;
  tppHybridUrl: string;
  natsUrl: string;
  databaseUrl: string;
  /** Their onboarded folders. */
  tppClientDir: string;
  tppHybridClientDir: string;
  logsDir: string;
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
