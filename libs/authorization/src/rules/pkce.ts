import type { KoaContextWithOIDC } from 'oidc-provider';

// FAPI 1.0 Advanced 5.2.2-18: PKCE is required with pushed authorization requests (a by-value hybrid request may omit
// it); oidc-provider accepts only code_challenge_method S256, so plain is always refused.
export const pkceRequiredWithPar = (ctx: KoaContextWithOIDC): boolean => ctx.oidc.route === 'pushed_authorization_request';
