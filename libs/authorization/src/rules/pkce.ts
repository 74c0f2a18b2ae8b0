import { type Client, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { refusalText } from '@fapi/refusal-catalogue';
import { profileOf } from '../profiles/client-profile';

// Which authorization requests must carry PKCE is the client profile's rule (its `pkce`): FAPI 1.0 Advanced 5.2.2-18
// asks it of pushed requests (a by-value hybrid request may omit it), FAPI 2.0 Security Profile 5.3.2.2-5 and RFC 9700 2.1.1 (teaching clients, public ones above all) of every one.
// oidc-provider asks this only of a request without code_challenge, so a refusal naming the rule is thrown here;
// it accepts only code_challenge_method S256, so plain is always refused.
export function pkceRequiredByProfile(ctx: KoaContextWithOIDC, client: Client): boolean {
  const profile = profileOf(client as unknown as Record<string, unknown>);
  if (profile.pkce.required === 'always' || ctx.oidc.route === 'pushed_authorization_request') {
    throw new errors.InvalidRequest(refusalText(profile.pkce.rule, 'the request has no code_challenge'));
  }
  return false;
}
