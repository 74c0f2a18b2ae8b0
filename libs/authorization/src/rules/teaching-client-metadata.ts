import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { BANK_SCOPES } from './bank-resource';

/** The device authorization grant's grant_type (RFC 8628 3.4). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What a teaching client may register: the flows the classroom shows, never the bank's. */
export const TEACHING_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_CODE_GRANT];
/** Identity only: who the PSU is (openid) and their name (profile). */
export const TEACHING_SCOPES = ['openid', 'profile'];

/** Why a teaching client never gets the bank's scopes: at registration, and at every endpoint (rules/refused-flows.ts). */
export const BANK_SCOPES_REFUSED = refusalText(RULES.teachingNoBankScopes, 'a teaching client asked for the bank');

function refuse(description: string): never {
  throw new errors.InvalidClientMetadata(description);
}

// The teaching profile (issue 9, "the flows the seed teaches"): OAuth 2.0 / OpenID Connect clients that show the
// classic flows and can never obtain the bank's scopes, since the bank only trusts FAPI-profile tokens. At registration:
// - the scope is at most `openid profile` (defaulted to it), so a request for accounts or payments is refused later;
// - response_types ['code'] only (RFC 9700 2.1.2: no implicit), defaulted to it;
// - a public client (`none`, RFC 6749 2.1) may not use client_credentials (RFC 6749 4.4: confidential clients only);
// - no request object is required and access tokens are bearer unless the client asks for certificate-bound ones.
export function teachingClientMetadata(_ctx: unknown, metadata: Record<string, unknown>): void {
  metadata.scope ??= TEACHING_SCOPES.join(' ');
  const scopes = typeof metadata.scope === 'string' ? metadata.scope.split(' ') : [];
  if (scopes.some((scope) => BANK_SCOPES.includes(scope))) refuse(BANK_SCOPES_REFUSED);
  if (!scopes.every((scope) => TEACHING_SCOPES.includes(scope))) refuse(refusalText(RULES.teachingScopes, 'scope has a value beyond openid profile'));

  metadata.response_types ??= ['code'];
  if (!Array.isArray(metadata.response_types) || metadata.response_types.some((type) => type !== 'code')) {
    refuse(refusalText(RULES.teachingResponseTypes, 'response_types has a value other than code'));
  }

  const grantTypes = Array.isArray(metadata.grant_types) ? metadata.grant_types : [];
  if (metadata.token_endpoint_auth_method === 'none' && grantTypes.includes('client_credentials')) {
    refuse(refusalText(RULES.publicClientCredentials, 'a public client registered client_credentials'));
  }

  metadata.require_signed_request_object ??= false;
  metadata.tls_client_certificate_bound_access_tokens ??= false;
}
