import path from 'node:path';
import { DEFAULT_SANDBOX_ID, SANDBOX_ID_PATTERN, streamReplicasOf } from '@fapi/nats-contract';

/** Where a sandbox service finds its peers and its material; every value can be set from the environment. */
export interface SandboxConfig {
  natsUrl: string;
  /** The sandbox's namespace on its NATS server (subjects, JetStream stream and consumer): see SandboxNats. */
  sandboxId: string;
  /** How many JetStream nodes keep each of the sandbox's streams (NATS_STREAM_REPLICAS, 1 to 5; default 1). */
  streamReplicas: number;
  certsDir: string;
  /** The authorization server's issuer identifier (also its base URL). */
  issuer: string;
  /** The bank's base URL; OB resources live under `${bankUrl}/open-banking/v4.0/`. */
  bankUrl: string;
  /** The sample fintech's base URL. */
  tppUrl: string;
  /** The plain-HTTP port of a NATS-only service's health and metrics (consent-service). */
  healthPort: number;
}

/** The repository root, found from a built (`dist/`) or source (`src/`) file of any lib. */
export const repoRoot = path.resolve(__dirname, '../../..');

export function sandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  return {
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    sandboxId: sandboxIdOf(env),
    streamReplicas: streamReplicasOf(env),
    certsDir: path.resolve(env.CERTS_DIR || path.join(repoRoot, 'certs', 'out')),
    issuer: env.ISSUER || 'https://localhost:8443',
    bankUrl: env.BANK_URL || 'https://localhost:8444',
    tppUrl: env.TPP_URL || 'https://localhost:8445',
    healthPort: Number(env.HEALTH_PORT || 8446),
  };
}

/** SANDBOX_ID, refused unless it can name a namespace on NATS (a subject token and part of a stream name). */
function sandboxIdOf(env: NodeJS.ProcessEnv): string {
  const sandboxId = env.SANDBOX_ID || DEFAULT_SANDBOX_ID;
  if (!SANDBOX_ID_PATTERN.test(sandboxId)) {
    throw new Error(`SANDBOX_ID ${JSON.stringify(sandboxId)} is not 1 to 32 of a-z, 0-9 and -`);
  }
  return sandboxId;
}

/** The TCP port a service listens on: `PORT` when set, else the port of its public URL. */
export function listenPort(publicUrl: string, env: NodeJS.ProcessEnv = process.env): number {
  if (env.PORT) return Number(env.PORT);
  const url = new URL(publicUrl);
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}
