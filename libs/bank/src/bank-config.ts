import { databaseUrl } from '@fapi/persistence';
import { sandboxConfig } from '@fapi/service-runtime';

/** What the bank needs to know about its surroundings; read from the environment when the app is created. */
export interface BankConfig {
  /** The authorization server's issuer: tokens must carry it as `iss`; its JWKS is `${issuer}/jwks`. */
  issuer: string;
  /** The bank's public base URL: tokens must carry it as `aud`; Links are built from it. */
  bankUrl: string;
  /** The folder with `ca.pem`, the sandbox CA that signs the AS's server certificate. */
  certsDir: string;
  natsUrl: string;
  /** The sandbox's namespace on its NATS server: its subjects, settlement stream and consumer (see SandboxNats). */
  sandboxId: string;
  /** How many JetStream nodes keep the settlement and revocation streams (see SandboxNats). */
  streamReplicas: number;
  databaseUrl: string;
  /** The bank's org id, the `http://openbanking.org.uk/iss` of its message signatures (OB: an ASPSP signs as `{org-id}`). */
  orgId: string;
}

/** The bank's org id when BANK_ORG_ID does not set another. */
export const DEFAULT_BANK_ORG_ID = 'fapi-sandbox-bank';

export const BANK_CONFIG = Symbol('BANK_CONFIG');

export function bankConfig(env: NodeJS.ProcessEnv = process.env): BankConfig {
  const { issuer, bankUrl, certsDir, natsUrl, sandboxId, streamReplicas } = sandboxConfig(env);
  return {
    issuer,
    bankUrl: bankUrl.replace(/\/$/, ''),
    certsDir,
    natsUrl,
    sandboxId,
    streamReplicas,
    databaseUrl: databaseUrl('bank', env),
    orgId: env.BANK_ORG_ID || DEFAULT_BANK_ORG_ID,
  };
}
