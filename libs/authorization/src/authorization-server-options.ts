import { databaseUrl } from '@fapi/persistence';
import { sandboxConfig } from '@fapi/service-runtime';
import type { LoginThrottleOptions } from './interactions/login-throttle';
import { FAPI_SIGNING_ALGS } from './rules/signing-algorithms';

/** How long each artefact lives, in seconds. */
export interface Lifetimes {
  /** FAPI 1.0 Advanced 5.2.2-7 and FAPI 2.0 Security Profile 5.3.2.1-11 cap authorization codes at 60 seconds. */
  authorizationCode: number;
  /** Access tokens for the bank (authorization code and refresh grants). */
  accessToken: number;
  /** Client-credentials access tokens (the TPP's consent-creation tokens). */
  clientCredentials: number;
  idToken: number;
  /** Refresh tokens, and the grants they hang on: about one consent's life. */
  refreshToken: number;
  /** An unfinished login/consent. */
  interaction: number;
  /** A device code and its user code (RFC 8628 3.2 expires_in): the time the PSU has to approve on the verification page. */
  deviceCode: number;
  /** A PSU's login session (each authorisation asks for a fresh login anyway). */
  session: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  authorizationCode: 60,
  accessToken: 10 * 60,
  clientCredentials: 10 * 60,
  idToken: 10 * 60,
  refreshToken: 90 * 24 * 3600,
  interaction: 10 * 60,
  deviceCode: 10 * 60,
  session: 10 * 60,
};

/**
 * SANDBOX ONLY: relaxations that let the sandbox's sample fintech run on localhost. Each one weakens what a production
 * FAPI authorization server must enforce, so they are fenced here, each named for what it allows.
 */
export interface SandboxOnlyOptions {
  /**
   * SANDBOX ONLY. Hybrid-flow clients may register https://localhost redirect URIs (oidc-provider refuses them with
   * invalid_redirect_uri, its check 'implicit-forbid-localhost'), so the sample TPP at https://localhost can be one;
   * https stays required. On in the sandbox unless ALLOW_LOCALHOST_REDIRECT_URIS=false.
   */
  allowHttpsLocalhostRedirectUris: boolean;
  /**
   * SANDBOX ONLY. A client's jwks_uri may name this machine's loopback (https://localhost, 127.0.0.1, ::1), so a TPP
   * developed locally can serve its own keys; https stays required, and private, link-local and other special-use
   * addresses stay refused (rules/jwks-uri.ts). On in the sandbox unless ALLOW_LOOPBACK_JWKS_URIS=false.
   */
  allowHttpsLoopbackJwksUris: boolean;
}

export interface AuthorizationServerOptions {
  /** Issuer identifier, also the server's base URL. */
  issuer: string;
  /** The bank's base URL: the one resource (access-token audience) this server issues tokens for. */
  bankUrl: string;
  /** Holds as-signing.jwks.json, registration.token and optionally cookie.secret. */
  certsDir: string;
  natsUrl: string;
  /** The sandbox's namespace on its NATS server (see SandboxNats). */
  sandboxId: string;
  /** How many JetStream nodes keep the grant revocation stream (see SandboxNats); 1 when absent. */
  streamReplicas?: number;
  databaseUrl: string;
  lifetimes: Lifetimes;
  /** How often expired storage rows are deleted. */
  sweepIntervalMs: number;
  /** Brute-force protection of the bank login (interactions/login-throttle.ts); DEFAULT_LOGIN_THROTTLE when absent. */
  loginThrottle?: LoginThrottleOptions;
  /** The alg of the JWT access tokens for the bank, one of FAPI_SIGNING_ALGS; PS256 when absent (ACCESS_TOKEN_SIGNING_ALG). */
  accessTokenSigningAlg?: string;
  /** SANDBOX ONLY relaxations (see SandboxOnlyOptions). */
  sandbox: SandboxOnlyOptions;
}

/** ACCESS_TOKEN_SIGNING_ALG: PS256 (the default) or ES256, the two algs FAPI permits; anything else stops the server at start. */
function accessTokenSigningAlgFromEnv(value: string | undefined): string {
  if (value === undefined || value === '') return FAPI_SIGNING_ALGS[0];
  if (!FAPI_SIGNING_ALGS.includes(value)) throw new Error(`ACCESS_TOKEN_SIGNING_ALG must be ${FAPI_SIGNING_ALGS.join(' or ')}, not "${value}"`);
  return value;
}

/**
 * The options of the deployed server, all from the environment (`sandboxConfig()`, `databaseUrl('authorization')`,
 * and `ALLOW_LOCALHOST_REDIRECT_URIS=false` / `ALLOW_LOOPBACK_JWKS_URIS=false` to refuse localhost redirect URIs / loopback
 * jwks_uri as a production server would).
 */
export function authorizationServerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthorizationServerOptions {
  const config = sandboxConfig(env);
  return {
    issuer: config.issuer,
    bankUrl: config.bankUrl,
    certsDir: config.certsDir,
    natsUrl: config.natsUrl,
    sandboxId: config.sandboxId,
    streamReplicas: config.streamReplicas,
    databaseUrl: databaseUrl('authorization', env),
    lifetimes: DEFAULT_LIFETIMES,
    sweepIntervalMs: 60_000,
    accessTokenSigningAlg: accessTokenSigningAlgFromEnv(env.ACCESS_TOKEN_SIGNING_ALG),
    sandbox: {
      allowHttpsLocalhostRedirectUris: env.ALLOW_LOCALHOST_REDIRECT_URIS !== 'false',
      allowHttpsLoopbackJwksUris: env.ALLOW_LOOPBACK_JWKS_URIS !== 'false',
    },
  };
}
