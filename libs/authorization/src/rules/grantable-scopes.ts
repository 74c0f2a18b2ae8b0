import type { Interaction, Provider } from 'oidc-provider';
import { BANK_SCOPES } from './bank-resource';

// OB (ESSENTIALS §5): approving a consent grants identity (openid, for the id_token) and the bank scope of the
// consent's kind only (its grantableScopes, ../consents/kinds): accounts for an account-access consent, payments for a
// payment consent. Other requested scopes are rejected from the grant, so a token never carries a scope its consent
// does not back. The grant is new for exactly this authorisation and carries the intent claim.
export async function grantForAuthorisation(
  provider: Provider,
  { interaction, psuId, grantableScopes, bankUrl }: { interaction: Interaction; psuId: string; grantableScopes: ReadonlySet<string>; bankUrl: string },
): Promise<string> {
  const requested = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
  const grant = new provider.Grant({ accountId: psuId, clientId: String(interaction.params.client_id) });
  for (const scope of requested) {
    const granted = grantableScopes.has(scope);
    if (granted) grant.addOIDCScope(scope);
    else grant.rejectOIDCScope(scope);
    if (BANK_SCOPES.includes(scope)) {
      if (granted) grant.addResourceScope(bankUrl, scope);
      else grant.rejectResourceScope(bankUrl, scope);
    }
  }
  grant.addOIDCClaims(['openbanking_intent_id']);
  return grant.save();
}
