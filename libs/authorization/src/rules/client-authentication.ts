// FAPI 1.0 Advanced 5.2.2-14 and FAPI 2.0 Security Profile 5.3.2.1-6: confidential clients authenticate with
// private_key_jwt or tls_client_auth, never a shared secret.
export const FAPI_CLIENT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'];

// RFC 6749 2.1 / RFC 8252 8.4 (teaching clients only): a public client (a native or browser app, a device) holds no
// credential and registers `none`; a confidential teaching client authenticates as a FAPI client does. No shared
// secret even for teaching: what the class learns is the method FAPI accepts.
export const TEACHING_CLIENT_AUTH_METHODS = ['none', ...FAPI_CLIENT_AUTH_METHODS];

/** oidc-provider's `clientAuthMethods`: every method some profile allows (each profile narrows it at registration). */
export const CLIENT_AUTH_METHODS = [...new Set([...FAPI_CLIENT_AUTH_METHODS, ...TEACHING_CLIENT_AUTH_METHODS])];
