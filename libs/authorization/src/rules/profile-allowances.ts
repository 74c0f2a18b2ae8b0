import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import type { ClientProfile } from '../profiles/client-profile';

/** The token_endpoint_auth_method oidc-provider records when a client registers none (its clientDefaults). */
const DEFAULT_AUTH_METHOD = 'private_key_jwt';

// RFC 7591 2 and 3.2.2 with each profile's clauses (profiles/client-profile.ts): a client registers only the client
// authentication methods and grant types its profile allows: a FAPI client never `none` nor the device grant, a
// teaching client never a shared secret. Refused with invalid_client_metadata naming the profile.
export function profileAllowances(profile: ClientProfile, metadata: Record<string, unknown>): void {
  const authMethod = metadata.token_endpoint_auth_method ?? DEFAULT_AUTH_METHOD;
  if (typeof authMethod !== 'string' || !profile.clientAuthMethods.includes(authMethod)) {
    const allowed = `${profile.standard} clients authenticate with ${profile.clientAuthMethods.join(' or ')}`;
    throw new errors.InvalidClientMetadata(refusalText(RULES.profileAuthMethod, `token_endpoint_auth_method is ${receivedValue(authMethod)}; ${allowed}`));
  }
  const grantTypes = Array.isArray(metadata.grant_types) ? metadata.grant_types : [];
  const refused = grantTypes.find((grantType) => !profile.grantTypes.includes(grantType));
  if (refused !== undefined) {
    throw new errors.InvalidClientMetadata(refusalText(RULES.profileGrantType, `the ${receivedValue(refused)} grant is not for ${profile.standard} clients`));
  }
}
