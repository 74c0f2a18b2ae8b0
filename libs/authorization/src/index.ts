/** The FAPI authorization server: oidc-provider configured for FAPI 1.0 Advanced, its storage, and login/consent. */
export {};
