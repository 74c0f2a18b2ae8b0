import { errors } from 'oidc-provider';

// FAPI 1.0 Baseline 5.2.2-20 (which Advanced keeps) and FAPI 2.0 Security Profile 5.3.2.2-8: authorization
// responses never travel over unencrypted connections, so every redirect_uri is https.
export function httpsRedirectUris(_ctx: unknown, metadata: Record<string, unknown>): void {
  const redirectUris = metadata.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.some((uri) => typeof uri !== 'string' || URL.parse(uri)?.protocol !== 'https:')) {
    throw new errors.InvalidClientMetadata('redirect_uris must only contain https uris');
  }
}
