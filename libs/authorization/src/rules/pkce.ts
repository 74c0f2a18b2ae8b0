import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { profileOf } from '../profiles/client-profile';

// FAPI 1.0 Advanced 5.2.2-18: PKCE is required with pushed authorization requests (a by-value hybrid request may omit
// it); oidc-provider accepts only code_challenge_method S256, so plain is always refused. RFC 9700 2.1.1 (teaching
// clients, public ones above all): every authorization request of a profile with pkceAlwaysRequired carries PKCE.
export const pkceRequired = (ctx: KoaContextWithOIDC, client: Client): boolean =>
  ctx.oidc.route === 'pushed_authorization_request' || profileOf(client as unknown as Record<string, unknown>).pkceAlwaysRequired;
