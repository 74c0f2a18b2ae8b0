import type { KeyObject } from 'node:crypto';
import type { CryptoKey } from 'openid-client';

/**
 * The onboarded TPP as `loadOnboardedTpp(dir)` of `@fapi/onboarding` returns it (its folder is described in
 * docs/architecture.md). Declared here until that lib exports it.
 */
export interface OnboardedTpp {
  clientId: string;
  clientName: string;
  issuer: string;
  bankUrl: string;
  redirectUris: string[];
  authMethod: 'private_key_jwt' | 'tls_client_auth';
  responseStyle: 'jarm' | 'hybrid';
  signingAlg: 'PS256' | 'ES256';
  signingKid: string;
  /** The transport (mTLS) certificate, its key and the sandbox CA, PEM. */
  transport: { certPem: string; keyPem: string; caPem: string };
  signingKey: CryptoKey | KeyObject;
  publicJwks: { keys: object[] };
}
