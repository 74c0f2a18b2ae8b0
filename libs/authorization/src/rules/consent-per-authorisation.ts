import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

const { Check, base } = interactionPolicy;

// PSD2 SCA / OB consent authorisation (ESSENTIALS §5): every authorization request is authorised afresh: the PSU
// authenticates and approves that one consent on the consent page. A session or grant left from an earlier
// authorisation never authorises a new openbanking_intent_id.
export function consentPerAuthorisation() {
  const policy = base();
  policy.get('login')?.checks.add(
    new Check('sca_per_authorisation', 'each consent authorisation needs the PSU to authenticate', (ctx: KoaContextWithOIDC) => !ctx.oidc.result?.login),
  );
  policy.get('consent')?.checks.add(
    new Check('consent_per_intent', 'each consent is approved by the PSU on the consent page', (ctx: KoaContextWithOIDC) => !ctx.oidc.result?.consent),
  );
  return policy;
}
