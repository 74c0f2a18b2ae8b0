import { errors } from 'oidc-provider';
import { codeResponseTypeOnly } from '../rules/code-response-type-only';
import { certificateBoundAccessTokens } from '../rules/certificate-bound-tokens';
import { confidentialClientAuthentication } from '../rules/client-authentication';
import { httpsRedirectUris } from '../rules/https-redirect-uris';
import { pushedRequestsOnly } from '../rules/pushed-requests-only';
import { oneSenderConstraint } from '../rules/sender-constraint';
import { requestObjectChoice, signedRequestObjectsAlways } from '../rules/signed-request-objects';
import { tlsClientAuthBySubjectDn } from '../rules/tls-client-auth-subject-dn';

/**
 * The profile a client registers with (its client metadata `client_profile`), whose rules the authorization server
 * applies to that client's every request. A new profile is one entry of CLIENT_PROFILES; a rule a profile applies is a
 * file in ../rules that the entry names, or a field of the entry that a rule reads.
 */
export type ClientProfileName = 'fapi1-advanced' | 'fapi2' | 'teaching';

/** A client registered without `client_profile` is a FAPI 1.0 Advanced client (the sandbox's first profile). */
export const DEFAULT_CLIENT_PROFILE: ClientProfileName = 'fapi1-advanced';

/** The client metadata property that names a client's profile (oidc-provider extraClientMetadata). */
export const CLIENT_PROFILE_METADATA = 'client_profile';

/** The registration policy's name, attached to the initial access token (stored: never rename it). */
export const FAPI_CLIENT_METADATA_POLICY = 'fapi-client-metadata';

/** Checks one client metadata document at registration; throws InvalidClientMetadata naming what is wrong. */
export type RegistrationRule = (ctx: unknown, metadata: Record<string, unknown>) => void | Promise<void>;

/** One requirement of a profile's standard, as a refusal names it: where the standard says it, and what it asks. */
export interface ProfileRule {
  /** The clause of the profile's standard (or of the document it relies on), e.g. '5.3.2.2-1'. */
  clause: string;
  requirement: string;
}

export interface ClientProfile {
  /** The standard whose rules this profile applies, as refusals name it. */
  standard: string;
  /** The checks oidc-provider itself applies to this client's requests (its features.fapi.profile). */
  oidcProviderFapiProfile: '1.0 Final' | '2.0' | undefined;
  /** The metadata checks a client of this profile passes at registration, in order. */
  registrationRules: readonly RegistrationRule[];
  /** Whom a private_key_jwt client assertion may address (../rules/client-assertion.ts): the issuer alone, or also the token endpoint and the endpoint it is presented at. */
  assertionAudience: ProfileRule & { issuerOnly: boolean };
  /** Which authorization requests must carry PKCE S256 (../rules/pkce.ts): every one, or the pushed ones. */
  pkce: ProfileRule & { required: 'always' | 'with PAR' };
  /** The only response_type its clients may ask for, when the profile fixes it (../rules/code-response-type-only.ts). */
  responseType?: ProfileRule & { only: string };
  /** Set when its authorization requests must all be pushed (../rules/pushed-requests-only.ts). */
  pushedRequestsOnly?: ProfileRule;
}

export const CLIENT_PROFILES: Readonly<Record<ClientProfileName, ClientProfile>> = {
  'fapi1-advanced': {
    standard: 'FAPI 1.0 Advanced',
    oidcProviderFapiProfile: '1.0 Final',
    registrationRules: [confidentialClientAuthentication, certificateBoundAccessTokens, httpsRedirectUris, tlsClientAuthBySubjectDn, signedRequestObjectsAlways],
    assertionAudience: {
      issuerOnly: false,
      clause: '5.2.2-14 (RFC 7523 3, RFC 9126 2)',
      requirement: 'the client assertion aud must be the issuer identifier, the token endpoint url or the url of the endpoint it is presented at',
    },
    pkce: { required: 'with PAR', clause: '5.2.2-18', requirement: 'a pushed authorization request must use PKCE with S256' },
  },
  fapi2: {
    standard: 'FAPI 2.0 Security Profile',
    oidcProviderFapiProfile: '2.0',
    registrationRules: [
      confidentialClientAuthentication,
      oneSenderConstraint,
      codeResponseTypeOnly,
      pushedRequestsOnly,
      httpsRedirectUris,
      tlsClientAuthBySubjectDn,
      requestObjectChoice,
    ],
    assertionAudience: { issuerOnly: true, clause: '5.3.2.1-8', requirement: 'the client assertion aud must be the issuer identifier, as a string' },
    pkce: { required: 'always', clause: '5.3.2.2-5', requirement: 'every authorization request must use PKCE with S256' },
    responseType: { only: 'code', clause: '5.3.2.2-1', requirement: 'response_type must be code' },
    pushedRequestsOnly: { clause: '5.3.2.2-3', requirement: 'authorization requests must be pushed (PAR, RFC 9126) first' },
  },
  teaching: {
    standard: 'OAuth 2.0 / OpenID Connect (teaching)',
    oidcProviderFapiProfile: undefined,
    registrationRules: [],
    assertionAudience: {
      issuerOnly: false,
      clause: 'OpenID Connect Core 9 (RFC 7523 3)',
      requirement: 'the client assertion aud must be the issuer identifier, the token endpoint url or the url of the endpoint it is presented at',
    },
    pkce: { required: 'always', clause: 'RFC 9700 2.1.1', requirement: 'every authorization request must use PKCE with S256' },
  },
};

const isProfileName = (value: unknown): value is ClientProfileName => typeof value === 'string' && Object.hasOwn(CLIENT_PROFILES, value);

/** The profile of a client (or of a registration's metadata); the default for one registered without it. */
export function profileOf(client: { [CLIENT_PROFILE_METADATA]?: unknown } | Record<string, unknown> | undefined): ClientProfile {
  const name = client?.[CLIENT_PROFILE_METADATA];
  return CLIENT_PROFILES[isProfileName(name) ? name : DEFAULT_CLIENT_PROFILE];
}

/**
 * What a refusal of ours says when a profile's rule refused the request: the standard, the clause and the requirement,
 * e.g. "FAPI 2.0 Security Profile 5.3.2.2-1: response_type must be code", so a client learns which rule to read.
 */
export function profileRefusal(profile: ClientProfile, rule: ProfileRule): string {
  return `${profile.standard} ${rule.clause}: ${rule.requirement}`;
}

/**
 * oidc-provider's extraClientMetadata for `client_profile`: one of CLIENT_PROFILES' names, recorded as the default
 * when a client registers without one (so every stored client names its profile).
 */
export const clientProfileMetadata = {
  properties: [CLIENT_PROFILE_METADATA],
  validator(_ctx: unknown, key: string, value: unknown, metadata: Record<string, unknown>): void {
    if (key !== CLIENT_PROFILE_METADATA) return;
    if (value === undefined) {
      metadata[CLIENT_PROFILE_METADATA] = DEFAULT_CLIENT_PROFILE;
      return;
    }
    if (!isProfileName(value)) {
      throw new errors.InvalidClientMetadata(`${CLIENT_PROFILE_METADATA} must be one of ${Object.keys(CLIENT_PROFILES).join(', ')}`);
    }
  },
};

/** The registration policy: the metadata passes every registration rule of the profile it names. */
export async function profileRegistrationRules(ctx: unknown, metadata: Record<string, unknown>): Promise<void> {
  for (const rule of profileOf(metadata).registrationRules) await rule(ctx, metadata);
}
