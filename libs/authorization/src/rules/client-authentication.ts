// FAPI 1.0 Advanced 5.2.2-14: confidential clients authenticate with private_key_jwt or tls_client_auth, never a shared secret.
export const FAPI_CLIENT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'];
