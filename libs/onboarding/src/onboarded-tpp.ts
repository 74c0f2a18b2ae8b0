import type { KeyObject } from 'node:crypto';
import type { SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';

export type AuthMethod = 'private_key_jwt' | 'tls_client_auth';
export type ResponseStyle = 'jarm' | 'hybrid';
export const AUTH_METHODS: readonly AuthMethod[] = ['private_key_jwt', 'tls_client_auth'];
export const RESPONSE_STYLES: readonly ResponseStyle[] = ['jarm', 'hybrid'];

/** `client.json` of an onboarded folder: who the TPP is and how it registered. */
export interface OnboardedClient {
  clientId: string;
  clientName: string;
  issuer: string;
  bankUrl: string;
  redirectUris: string[];
  authMethod: AuthMethod;
  responseStyle: ResponseStyle;
  signingAlg: SigningAlg;
  signingKid: string;
}

/** Everything a TPP's code needs to call the sandbox, as `loadOnboardedTpp` reads it from the onboarded folder. */
export interface OnboardedTpp extends OnboardedClient {
  /** The transport (mTLS) certificate, its key and the sandbox CA, PEM. */
  transport: { certPem: string; keyPem: string; caPem: string };
  /** The private signing key (request objects, private_key_jwt assertions); jose signs with it. */
  signingKey: KeyObject;
  /** The public JWKS registered at the authorization server. */
  publicJwks: { keys: JWK[] };
}
