import { errors } from 'oidc-provider';

// FAPI 1.0 Advanced 5.2.2-14 and FAPI 2.0 Security Profile 5.3.2.1-6: confidential clients authenticate with
// private_key_jwt or tls_client_auth, never a shared secret.
export const FAPI_CLIENT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'];

/** At registration, for the FAPI profiles: whatever else the server enables for other profiles, one of the above. */
export function confidentialClientAuthentication(_ctx: unknown, metadata: Record<string, unknown>): void {
  const method = metadata.token_endpoint_auth_method ?? 'private_key_jwt';
  if (typeof method !== 'string' || !FAPI_CLIENT_AUTH_METHODS.includes(method)) {
    throw new errors.InvalidClientMetadata(`token_endpoint_auth_method must be one of ${FAPI_CLIENT_AUTH_METHODS.join(', ')}`);
  }
}
