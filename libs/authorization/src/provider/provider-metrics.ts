import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { Counter } from 'prom-client';

/** Tokens issued at /token, by grant type and the client's authentication method (served at /metrics). */
const grants = new Counter({
  name: 'fapi_token_grants_total',
  help: 'Token requests granted, by grant type and client authentication method',
  labelNames: ['grant_type', 'client_auth_method'] as const,
});

/** Requests oidc-provider refused, by its route and the OAuth error code (`server_error` for its own failures). */
const refusals = new Counter({
  name: 'fapi_oauth_refusals_total',
  help: 'Requests refused by the authorization server, by endpoint and OAuth error code',
  labelNames: ['endpoint', 'error'] as const,
});

/** oidc-provider's events for a refused request at each endpoint this server enables (lib/helpers/initialize_app.js). */
const REFUSAL_EVENTS = [
  'authorization.error',
  'pushed_authorization_request.error',
  'grant.error',
  'introspection.error',
  'revocation.error',
  'userinfo.error',
  'registration_create.error',
  'registration_read.error',
  'jwks.error',
  'discovery.error',
  'end_session.error',
  'server_error',
] as const;

type RefusedContext = { oidc?: { route?: string } } | undefined;

/** Counts what oidc-provider announces: each grant at /token and each refusal with its error code. */
export function countGrantsAndRefusals(provider: Provider): void {
  provider.on('grant.success', (context: unknown) => {
    const ctx = context as KoaContextWithOIDC;
    const grantType = String(ctx.oidc.params?.grant_type ?? 'unknown');
    grants.inc({ grant_type: grantType, client_auth_method: ctx.oidc.client?.clientAuthMethod ?? 'unknown' });
  });
  for (const event of REFUSAL_EVENTS) {
    provider.on(event, (context: unknown, refusal: unknown) => {
      const [ctx, error] = [context as RefusedContext, refusal as { error?: string } | undefined];
      refusals.inc({ endpoint: ctx?.oidc?.route ?? event.replace(/\.error$/, ''), error: error?.error ?? 'server_error' });
    });
  }
}
