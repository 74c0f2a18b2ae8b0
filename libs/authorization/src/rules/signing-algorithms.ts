// FAPI 1.0 Advanced 8.6 and FAPI 2.0 Security Profile 5.4.1-1: every JWS this server signs or accepts uses PS256 or
// ES256 (no RS256, no HS*, never none), DPoP proofs included.
export const FAPI_SIGNING_ALGS = ['PS256', 'ES256'];

/** oidc-provider's `enabledJWA`: the signing algorithms it may use or accept, per artefact. */
export const fapiEnabledJwa = {
  clientAuthSigningAlgValues: FAPI_SIGNING_ALGS,
  idTokenSigningAlgValues: FAPI_SIGNING_ALGS,
  requestObjectSigningAlgValues: FAPI_SIGNING_ALGS,
  authorizationSigningAlgValues: FAPI_SIGNING_ALGS,
  userinfoSigningAlgValues: FAPI_SIGNING_ALGS,
  introspectionSigningAlgValues: FAPI_SIGNING_ALGS,
  dPoPSigningAlgValues: FAPI_SIGNING_ALGS,
};
