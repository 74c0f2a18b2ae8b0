import type { ClaimsParameterMember } from 'oidc-provider';
import type { PsuIdentity } from '@fapi/nats-contract';
import type { OidcModelStore } from '../storage/oidc-model-store';

/** The store kind of what the bank told at a PSU's login that OpenID Connect's `profile` scope shares: their name. */
const PSU_PROFILE = 'PsuProfile';

/** Remembers the name the bank gave at login, for the `profile` claims of the tokens that PSU authorises. */
export async function rememberPsuProfile(store: Pick<OidcModelStore, 'upsert'>, psu: PsuIdentity, lifetimeSeconds: number): Promise<void> {
  await store.upsert(PSU_PROFILE, psu.psuId, { name: psu.name }, lifetimeSeconds);
}

/**
 * oidc-provider's `findAccount`: a PSU is known by the id the bank gave at login. Their claims are the subject, the
 * openbanking_intent_id requested (and validated against consent-service) for the id_token, and their name when the
 * `profile` scope was granted (teaching clients: oidc-provider releases only the claims of granted scopes).
 */
export function psuAccounts(store: Pick<OidcModelStore, 'find'>) {
  return async (_ctx: unknown, sub: string) => ({
    accountId: sub,
    claims: async (_use: string, scope: string, requested?: Record<string, ClaimsParameterMember | null>) => {
      const intentId = requested?.openbanking_intent_id?.value;
      const profile = scope.split(' ').includes('profile') ? await store.find(PSU_PROFILE, sub) : undefined;
      return {
        sub,
        ...(typeof intentId === 'string' && { openbanking_intent_id: intentId }),
        ...(typeof profile?.name === 'string' && { name: profile.name }),
      };
    },
  });
}
