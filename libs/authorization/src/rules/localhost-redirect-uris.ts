import type { Provider } from 'oidc-provider';

// SANDBOX ONLY (AuthorizationServerOptions.sandbox.allowHttpsLocalhostRedirectUris): the sample TPP runs at
// https://localhost, and oidc-provider refuses localhost redirect_uris for clients of the hybrid (implicit-including)
// flow (its check 'implicit-forbid-localhost', answered as invalid_redirect_uri); https stays required.
export function allowHttpsLocalhostRedirectUris(provider: Provider): void {
  const schema = provider.Client.Schema.prototype;
  const { invalidate } = schema;
  schema.invalidate = function invalidateUnlessLocalhost(message: string, code?: string) {
    if (code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
}
