import type { ClaimsParameterMember } from 'oidc-provider';

/**
 * oidc-provider's `findAccount`: a PSU is known by the id the bank gave at login. Their claims are the subject and the
 * openbanking_intent_id requested (and validated against consent-service) for the id_token.
 */
export async function findPsuAccount(_ctx: unknown, sub: string) {
  return {
    accountId: sub,
    claims: async (_use: string, _scope: string, requested?: Record<string, ClaimsParameterMember | null>) => {
      const intentId = requested?.openbanking_intent_id?.value;
      return typeof intentId === 'string' ? { sub, openbanking_intent_id: intentId } : { sub };
    },
  };
}
