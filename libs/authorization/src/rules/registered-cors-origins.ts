import type { Client, KoaContextWithOIDC, Provider } from 'oidc-provider';

/** Whether `origin` is the origin of one of these redirect_uris (the page a browser-based client runs on). */
const isOriginOf = (redirectUris: readonly string[], origin: string): boolean => redirectUris.some((uri) => URL.parse(uri)?.origin === origin);

const registeredBy = (client: Client, origin: string): boolean => isOriginOf(client.redirectUris, origin);

/** Public documents any page may read (no credentials, nothing per client): '*' rather than the caller's Origin. */
const PUBLIC_ROUTES = new Set(['discovery', 'jwks']);

// Fetch Standard 3.2.3 (CORS protocol) / OWASP: a browser may read a response of the client endpoints (token,
// userinfo, introspection, revocation, PAR) only from an origin the client registered (its redirect_uris'), through
// oidc-provider's clientBasedCORS; the Origin of a request is never echoed otherwise, also not on the responses
// oidc-provider answers before it knows the client (an unknown client, a malformed request), which it would leave
// reflected. A preflight (OPTIONS) names no client, so it is answered for the origins some registered client has and
// for no other (the actual response is then checked against its own client).
export const clientBasedCORS = (_ctx: KoaContextWithOIDC, origin: string, client: Client): boolean => origin !== 'null' && registeredBy(client, origin);

export function neverReflectUnregisteredOrigins(provider: Provider, registeredRedirectUris: () => Promise<string[]>): void {
  provider.use(async (ctx, next) => {
    await next();
    const origin = ctx.get('origin');
    if (!origin || ctx.response.get('access-control-allow-origin') !== origin) return;
    if (ctx.method === 'OPTIONS') {
      if (origin !== 'null' && isOriginOf(await registeredRedirectUris(), origin)) return;
    } else {
      const client = ctx.oidc?.client;
      if (client && clientBasedCORS(ctx, origin, client)) return;
    }
    if (PUBLIC_ROUTES.has(ctx.oidc?.route ?? '')) return void ctx.set('access-control-allow-origin', '*');
    ctx.remove('access-control-allow-origin');
    ctx.remove('access-control-expose-headers');
  });
}
