import { subjectDn, type SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';
import type { AuthMethod, ResponseStyle } from './onboarded-tpp';

export interface RegistrationInput {
  clientName: string;
  redirectUris: string[];
  authMethod: AuthMethod;
  responseStyle: ResponseStyle;
  signingAlg: SigningAlg;
  publicSigningJwk: JWK;
  /** The transport certificate: its subject DN identifies a tls_client_auth client. */
  transportCertPem: string;
}

/**
 * The body of `POST {issuer}/reg` (docs/architecture.md "Dynamic client registration"): one signing algorithm for
 * everything the client signs or receives signed, certificate-bound access tokens always.
 */
export function registrationMetadata(input: RegistrationInput): Record<string, unknown> {
  const alg = input.signingAlg;
  return {
    client_name: input.clientName,
    redirect_uris: input.redirectUris,
    jwks: { keys: [input.publicSigningJwk] },
    token_endpoint_auth_method: input.authMethod,
    ...(input.authMethod === 'private_key_jwt'
      ? { token_endpoint_auth_signing_alg: alg }
      : { tls_client_auth_subject_dn: subjectDn(input.transportCertPem) }),
    grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types: input.responseStyle === 'hybrid' ? ['code id_token'] : ['code'],
    ...(input.responseStyle === 'jarm' ? { authorization_signed_response_alg: alg } : {}),
    request_object_signing_alg: alg,
    id_token_signed_response_alg: alg,
    tls_client_certificate_bound_access_tokens: true,
    scope: 'openid accounts payments',
  };
}
