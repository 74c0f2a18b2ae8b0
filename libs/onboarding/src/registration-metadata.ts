import { subjectDn, type SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';
import type { AuthMethod, ProfileChoices, RequestObject, ResponseStyle, SenderConstraint } from './onboarded-tpp';

export interface RegistrationInput {
  clientName: string;
  redirectUris: string[];
  authMethod: AuthMethod;
  choices: ProfileChoices;
  signingAlg: SigningAlg;
  publicSigningJwk: JWK;
  /** The transport certificate: its subject DN identifies a tls_client_auth client. */
  transportCertPem: string;
}

type Metadata = Record<string, unknown>;

/** RFC 8705 certificate-bound or RFC 9449 DPoP-bound access tokens: exactly one of them, as the contract says. */
const SENDER_CONSTRAINT_METADATA: Record<SenderConstraint, Metadata> = {
  mtls: { tls_client_certificate_bound_access_tokens: true },
  dpop: { dpop_bound_access_tokens: true, tls_client_certificate_bound_access_tokens: false },
};

/** JAR (RFC 9101) signed with the registered alg, or plain parameters pushed to PAR. */
const requestObjectMetadata = (requestObject: RequestObject, alg: SigningAlg): Metadata =>
  requestObject === 'signed' ? { require_signed_request_object: true, request_object_signing_alg: alg } : { require_signed_request_object: false };

/** FAPI 1.0 Advanced 5.2.2-2: `code id_token` (hybrid), or `code` with JARM. */
const fapi1ResponseMetadata = (responseStyle: ResponseStyle, alg: SigningAlg): Metadata =>
  responseStyle === 'hybrid' ? { response_types: ['code id_token'] } : { response_types: ['code'], authorization_signed_response_alg: alg };

/**
 * What each profile registers beyond the client's identity and keys (docs/architecture.md "Dynamic client
 * registration"). FAPI 2.0: `code` only, PAR required, JARM available to a request asking for `response_mode=jwt`.
 */
function profileMetadata(choices: ProfileChoices, alg: SigningAlg): Metadata {
  const common = { client_profile: choices.profile, ...SENDER_CONSTRAINT_METADATA[choices.senderConstraint], ...requestObjectMetadata(choices.requestObject, alg) };
  if (choices.profile === 'fapi1-advanced') return { ...common, ...fapi1ResponseMetadata(choices.responseStyle, alg) };
  return { ...common, response_types: ['code'], require_pushed_authorization_requests: true, authorization_signed_response_alg: alg };
}

/**
 * The body of `POST {issuer}/reg` (docs/architecture.md "Dynamic client registration"): one signing algorithm for
 * everything the client signs or receives signed, and what its profile registers.
 */
export function registrationMetadata(input: RegistrationInput): Metadata {
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
    ...profileMetadata(input.choices, alg),
    id_token_signed_response_alg: alg,
    scope: 'openid accounts payments',
  };
}
