/** Where each service of one sandbox listens, from its port base (README: AS 8443, bank 8444, fintech 8445, 8446). */
export interface SandboxAddresses {
  issuer: string;
  bankUrl: string;
  tppUrl: string;
  /** The consent-service's plain-HTTP health and metrics port. */
  healthPort: number;
}

export const DEFAULT_PORT_BASE = 8443;

export function sandboxAddresses(portBase: number): SandboxAddresses {
  return {
    issuer: `https://localhost:${portBase}`,
    bankUrl: `https://localhost:${portBase + 1}`,
    tppUrl: `https://localhost:${portBase + 2}`,
    healthPort: portBase + 3,
  };
}

export interface SandboxWiring extends SandboxAddresses {
  databaseUrl: string;
  natsUrl: string;
  certsDir: string;
}

/**
 * The environment of every service process of a sandbox: the inherited one (SANDBOX_ID, LOG_FORMAT, ... pass through)
 * with the sandbox's own addresses. A jest run's NODE_OPTIONS and a stray PORT (every service would take it) are left out.
 */
export function serviceEnvironment(wiring: SandboxWiring, inherited: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _jestNodeOptions, PORT: _onePortForAll, ...rest } = inherited;
  return {
    ...rest,
    DATABASE_URL: wiring.databaseUrl,
    NATS_URL: wiring.natsUrl,
    HEALTH_PORT: String(wiring.healthPort),
    CERTS_DIR: wiring.certsDir,
    ISSUER: wiring.issuer,
    BANK_URL: wiring.bankUrl,
    TPP_URL: wiring.tppUrl,
  };
}
