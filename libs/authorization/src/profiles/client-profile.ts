import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, type RefusalRule, refusalText } from '@fapi/refusal-catalogue';
import { codeResponseTypeOnly } from '../rules/code-response-type-only';
import { certificateBoundAccessTokens } from '../rules/certificate-bound-tokens';
import { httpsRedirectUris } from '../rules/https-redirect-uris';
import { pushedRequestsOnly } from '../rules/pushed-requests-only';
import { oneSenderConstraint } from '../rules/sender-constraint';
import { requestObjectChoice, signedRequestObjectsAlways } from '../rules/signed-request-objects';
import { tlsClientAuthBySubjectDn } from '../rules/tls-client-auth-subject-dn';
import { FAPI_CLIENT_AUTH_METHODS, TEACHING_CLIENT_AUTH_METHODS } from '../rules/client-authentication';
import { profileAllowances } from '../rules/profile-allowances';
import { TEACHING_GRANT_TYPES, teachingClientMetadata } from '../rules/teaching-client-metadata';

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

export interface ClientProfile {
  /** The standard whose rules this profile applies, as registration refusals name it. */
  standard: string;
  /** The checks oidc-provider itself applies to this client's requests (its features.fapi.profile). */
  oidcProviderFapiProfile: '1.0 Final' | '2.0' | undefined;
  /** The metadata checks a client of this profile passes at registration, in order (after rules/profile-allowances). */
  registrationRules: readonly RegistrationRule[];
  /** Whom a private_key_jwt client assertion may address (../rules/client-assertion.ts): the issuer alone, or also the token endpoint and the endpoint it is presented at. */
  assertionAudience: { rule: RefusalRule; issuerOnly: boolean };
  /** Which authorization requests must carry PKCE S256 (../rules/pkce.ts): every one, or the pushed ones. */
  pkce: { rule: RefusalRule; required: 'always' | 'with PAR' };
  /** The only response_type its clients may ask for, when the profile fixes it (../rules/code-response-type-only.ts). */
  responseType?: { rule: RefusalRule; only: string };
  /** Set when its authorization requests must all be pushed (../rules/pushed-requests-only.ts): the rule refusing one that is not. */
  pushedRequestsOnly?: RefusalRule;
  /** The token_endpoint_auth_method values a client of this profile may register (rules/profile-allowances.ts). */
  clientAuthMethods: readonly string[];
  /** The grant_types a client of this profile may register (rules/profile-allowances.ts). */
  grantTypes: readonly string[];
  /** Whether the AS issues this client tokens for the bank (accounts, payments): rules/bank-resource.ts. */
  mayHoldBankTokens: boolean;
  /** What the PSU approves on the consent page (interactions/psu-approvals.ts): an OB consent, or their identity only. */
  psuApproves: 'open-banking-consent' | 'identity';
}

/** The grant types a FAPI client may register ('implicit' is what oidc-provider records for a hybrid client). */
const FAPI_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials', 'implicit'];

export const CLIENT_PROFILES: Readonly<Record<ClientProfileName, ClientProfile>> = {
  'fapi1-advanced': {
    standard: 'FAPI 1.0 Advanced',
    oidcProviderFapiProfile: '1.0 Final',
    registrationRules: [certificateBoundAccessTokens, httpsRedirectUris, tlsClientAuthBySubjectDn, signedRequestObjectsAlways],
    assertionAudience: { issuerOnly: false, rule: RULES.fapi1AssertionAudience },
    pkce: { required: 'with PAR', rule: RULES.fapi1Pkce },
    clientAuthMethods: FAPI_CLIENT_AUTH_METHODS,
    grantTypes: FAPI_GRANT_TYPES,
    mayHoldBankTokens: true,
    psuApproves: 'open-banking-consent',
  },
  fapi2: {
    standard: 'FAPI 2.0 Security Profile',
    oidcProviderFapiProfile: '2.0',
    registrationRules: [
      oneSenderConstraint,
      codeResponseTypeOnly,
      pushedRequestsOnly,
      httpsRedirectUris,
      tlsClientAuthBySubjectDn,
      requestObjectChoice,
    ],
    assertionAudience: { issuerOnly: true, rule: RULES.fapi2AssertionAudience },
    pkce: { required: 'always', rule: RULES.fapi2Pkce },
    responseType: { only: 'code', rule: RULES.fapi2ResponseType },
    pushedRequestsOnly: RULES.fapi2PushedRequestsOnly,
    clientAuthMethods: FAPI_CLIENT_AUTH_METHODS,
    grantTypes: FAPI_GRANT_TYPES,
    mayHoldBankTokens: true,
    psuApproves: 'open-banking-consent',
  },
  teaching: {
    standard: 'OAuth 2.0 / OpenID Connect (teaching)',
    oidcProviderFapiProfile: undefined,
    registrationRules: [teachingClientMetadata],
    assertionAudience: { issuerOnly: false, rule: RULES.teachingAssertionAudience },
    pkce: { required: 'always', rule: RULES.teachingPkce },
    clientAuthMethods: TEACHING_CLIENT_AUTH_METHODS,
    grantTypes: TEACHING_GRANT_TYPES,
    mayHoldBankTokens: false,
    psuApproves: 'identity',
  },
};

const isProfileName = (value: unknown): value is ClientProfileName => typeof value === 'string' && Object.hasOwn(CLIENT_PROFILES, value);

/** The profile of a client (or of a registration's metadata); the default for one registered without it. */
export function profileOf(client: { [CLIENT_PROFILE_METADATA]?: unknown } | Record<string, unknown> | undefined): ClientProfile {
  const name = client?.[CLIENT_PROFILE_METADATA];
  return CLIENT_PROFILES[isProfileName(name) ? name : DEFAULT_CLIENT_PROFILE];
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
      throw new errors.InvalidClientMetadata(refusalText(RULES.clientProfileKnown, `${CLIENT_PROFILE_METADATA} is ${receivedValue(value)}`));
    }
  },
};

/** The registration policy: the metadata keeps to what its profile allows, then passes every rule of the profile. */
export async function profileRegistrationRules(ctx: unknown, metadata: Record<string, unknown>): Promise<void> {
  const profile = profileOf(metadata);
  profileAllowances(profile, metadata);
  for (const rule of profile.registrationRules) await rule(ctx, metadata);
}
