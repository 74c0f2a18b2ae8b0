import type { KoaContextWithOIDC, Token } from 'oidc-provider';
import { intentIdOf } from './request-names-an-intent';

// docs/architecture.md "Authorization server": an access token obtained through the PSU's authorisation (authorization
// code, or a refresh of it) carries openbanking_intent_id, the consent it was authorised for, so the bank can
// enforce that consent; client-credentials tokens carry none.
export async function intentInAccessToken(ctx: KoaContextWithOIDC, token: Token): Promise<Record<string, unknown> | undefined> {
  if (token.kind !== 'AccessToken') return undefined;
  const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
  const intentId = intentIdOf(source?.claims);
  return typeof intentId === 'string' ? { openbanking_intent_id: intentId } : undefined;
}
