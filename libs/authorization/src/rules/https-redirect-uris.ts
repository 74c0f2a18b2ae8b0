import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

// FAPI 1.0 Baseline 5.2.2-20 (which Advanced keeps) and FAPI 2.0 Security Profile 5.3.2.2-8: authorization
// responses never travel over unencrypted connections, so every redirect_uri is https. (The refusal starts with
// `redirect_uris`, which oidc-provider answers as invalid_redirect_uri, RFC 7591 3.2.2.)
export function httpsRedirectUris(_ctx: unknown, metadata: Record<string, unknown>): void {
  const redirectUris = metadata.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.some((uri) => typeof uri !== 'string' || URL.parse(uri)?.protocol !== 'https:')) {
    throw new errors.InvalidClientMetadata(refusalText(RULES.httpsRedirectUris, 'redirect_uris has a uri that is not https'));
  }
}
