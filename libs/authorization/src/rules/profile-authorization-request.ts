import { type Client, errors, type KoaContextWithOIDC, type Provider } from 'oidc-provider';
import { receivedValue, refusalText } from '@fapi/refusal-catalogue';
import { profileOf } from '../profiles/client-profile';

/** How the provider renders an OAuth error page (its renderError), so a refusal here looks like its own. */
export type ErrorPageRenderer = (ctx: KoaContextWithOIDC, out: Record<string, unknown>) => Promise<void>;

// FAPI 2.0 Security Profile 5.3.2.2-1 and -3, as the client profile states them (responseType, pushedRequestsOnly):
// oidc-provider already refuses what the client did not register (its response_types, its
// require_pushed_authorization_requests), but in words that do not say which profile rule it broke; these refusals do.
// - response_type: oidc-provider asks the client whether it allows the requested type (Client#responseTypeAllowed, at
//   PAR and the authorization endpoint, after the request object is read); a type the profile forbids is refused here.
// - not pushed: a request at the authorization endpoint without a PAR request_uri, from a client whose profile
//   requires PAR, is refused before oidc-provider reads it (a GET: the browser's way in; a POST is left to
//   oidc-provider's own refusal).
export function refuseWhatTheProfileForbids(provider: Provider, renderErrorPage: ErrorPageRenderer): void {
  const { prototype } = provider.Client;
  const registeredResponseTypeAllowed = prototype.responseTypeAllowed;
  prototype.responseTypeAllowed = function responseTypeAllowedByProfile(this: Client, type: string): boolean {
    const profile = profileOf(this as unknown as Record<string, unknown>);
    if (profile.responseType && type !== profile.responseType.only) {
      throw new errors.InvalidRequest(refusalText(profile.responseType.rule, `response_type is ${receivedValue(type)}`));
    }
    return registeredResponseTypeAllowed.call(this, type);
  };

  const authorizationPath = provider.pathFor('authorization');
  provider.use(async (ctx, next) => {
    const { client_id: clientId, request_uri: requestUri } = ctx.query;
    if (ctx.method === 'GET' && ctx.path === authorizationPath && requestUri === undefined && typeof clientId === 'string') {
      const client = await provider.Client.find(clientId).catch(() => undefined);
      const profile = client && profileOf(client as unknown as Record<string, unknown>);
      if (profile?.pushedRequestsOnly) {
        ctx.status = 400;
        const description = refusalText(profile.pushedRequestsOnly, 'the request has no pushed request_uri');
        await renderErrorPage(ctx, { error: 'invalid_request', error_description: description, iss: provider.issuer });
        return;
      }
    }
    await next();
  });
}
