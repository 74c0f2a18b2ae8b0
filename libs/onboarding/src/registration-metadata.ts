import { subjectDn, type SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';
import type { ClientProfileName, ProfileChoices, RequestObject, ResponseStyle, SenderConstraint, TeachingAuthMethod } from './onboarded-tpp';

/** A teaching client has no FAPI choices to make: its profile decides everything but its authentication. */
export type RegisteredChoices = ProfileChoices | { profile: 'teaching' };

export interface RegistrationInput {
  clientName: string;
  redirectUris: string[];
  authMethod: TeachingAuthMethod;
  choices: RegisteredChoices;
  signingAlg: SigningAlg;
  /** The client's public signing key, registered as its `jwks`; a teaching client without private_key_jwt has none. */
  publicSigningJwk?: JWK;
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

/** RFC 7591 2 and RFC 8705 2.1.2: what the token endpoint needs to authenticate the client. */
const CLIENT_AUTHENTICATION_METADATA: Record<TeachingAuthMethod, (input: RegistrationInput) => Metadata> = {
  none: () => ({}),
  private_key_jwt: (input) => ({ token_endpoint_auth_signing_alg: input.signingAlg }),
  tls_client_auth: (input) => ({ tls_client_auth_subject_dn: subjectDn(input.transportCertPem) }),
};

const FAPI_GRANT_TYPES = ['authorization_code', 'client_credentials', 'refresh_token'];
/** The device authorization grant's grant_type (RFC 8628 3.4). */
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What a FAPI client registers whatever its profile: the bank's scopes, ID Tokens signed with its algorithm. */
const fapiMetadata = (choices: ProfileChoices, alg: SigningAlg): Metadata => ({
  grant_types: FAPI_GRANT_TYPES,
  client_profile: choices.profile,
  ...SENDER_CONSTRAINT_METADATA[choices.senderConstraint],
  ...requestObjectMetadata(choices.requestObject, alg),
  id_token_signed_response_alg: alg,
  scope: 'openid accounts payments',
});

type ChoicesOf<P extends ClientProfileName> = Extract<RegisteredChoices, { profile: P }>;

/**
 * What each profile registers beyond the client's identity and keys (docs/architecture.md "Dynamic client
 * registration"). FAPI 2.0: `code` only, PAR required, JARM available to a request asking for `response_mode=jwt`.
 * Teaching (issue 9): identity scopes only, `code` only, the device grant, and client_credentials for a confidential
 * client alone (RFC 6749 4.4).
 */
const PROFILE_METADATA: { [P in ClientProfileName]: (choices: ChoicesOf<P>, input: RegistrationInput) => Metadata } = {
  'fapi1-advanced': (choices, { signingAlg }) => ({ ...fapiMetadata(choices, signingAlg), ...fapi1ResponseMetadata(choices.responseStyle, signingAlg) }),
  fapi2: (choices, { signingAlg }) => ({
    ...fapiMetadata(choices, signingAlg),
    response_types: ['code'],
    require_pushed_authorization_requests: true,
    authorization_signed_response_alg: signingAlg,
  }),
  teaching: (_choices, { authMethod }) => ({
    grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT, ...(authMethod === 'none' ? [] : ['client_credentials'])],
    client_profile: 'teaching',
    response_types: ['code'],
    scope: 'openid profile',
  }),
};

/**
 * The body of `POST {issuer}/reg` (docs/architecture.md "Dynamic client registration"): one signing algorithm for
 * everything the client signs or receives signed, and what its profile registers.
 */
export function registrationMetadata(input: RegistrationInput): Metadata {
  const profileMetadata = PROFILE_METADATA[input.choices.profile] as (choices: RegisteredChoices, input: RegistrationInput) => Metadata;
  return {
    client_name: input.clientName,
    redirect_uris: input.redirectUris,
    ...(input.publicSigningJwk && { jwks: { keys: [input.publicSigningJwk] } }),
    token_endpoint_auth_method: input.authMethod,
    ...CLIENT_AUTHENTICATION_METADATA[input.authMethod](input),
    ...profileMetadata(input.choices, input),
  };
}
