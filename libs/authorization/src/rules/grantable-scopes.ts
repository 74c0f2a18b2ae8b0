import type { ConsentKind } from '@fapi/nats-contract';

// OB (ESSENTIALS §5): approving a consent grants identity (openid, for the id_token) and the bank scope of the
// consent's kind only: accounts for an account-access consent, payments for a payment consent. Other requested scopes
// are rejected from the grant, so a token never carries a scope its consent does not back.
export const GRANTABLE_SCOPES: Record<ConsentKind, ReadonlySet<string>> = {
  accountAccess: new Set(['openid', 'accounts']),
  domesticPayment: new Set(['openid', 'payments']),
};
