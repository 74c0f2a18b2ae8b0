import type { RevokeAccountAccessConsent } from '@fapi/nats-contract';
import { isOwnedBy } from './owning-client';

/** OB v4: the TPP may revoke only its own consents (DELETE /account-access-consents/{id}); the ASPSP may revoke any. */
export function mayRevoke(consent: { clientId: string }, revocation: RevokeAccountAccessConsent): boolean {
  return revocation.revokedBy === 'ASPSP' || (revocation.clientId !== undefined && isOwnedBy(consent, revocation.clientId));
}
