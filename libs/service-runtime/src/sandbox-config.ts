import path from 'node:path';

/** Where a sandbox service finds its peers and its material; every value can be set from the environment. */
export interface SandboxConfig {
  natsUrl: string;
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
    certsDir: path.resolve(env.CERTS_DIR || path.join(repoRoot, 'certs', 'out')),
    issuer: env.ISSUER || 'https://localhost:8443',
    bankUrl: env.BANK_URL || 'https://localhost:8444',
    tppUrl: env.TPP_URL || 'https://localhost:8445',
    healthPort: Number(env.HEALTH_PORT || 8446),
  };
}

/** The TCP port a service listens on: `PORT` when set, else the port of its public URL. */
export function listenPort(publicUrl: string, env: NodeJS.ProcessEnv = process.env): number {
  if (env.PORT) return Number(env.PORT);
  const url = new URL(publicUrl);
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}
