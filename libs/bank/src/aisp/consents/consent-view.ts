import type { AccountAccessConsent } from '@fapi/nats-contract';
import type { OBReadConsentResponse1 } from '@fapi/open-banking';
import { consentResponseData } from '../../ob-http/consent-response';

/** An account-access consent as OBReadConsentResponse1; dates exactly as the TPP sent them (the ASPSP must not alter them). */
export function obConsentResponse(consent: AccountAccessConsent, self: string): OBReadConsentResponse1 {
  return {
    Data: {
      ...consentResponseData(consent),
      Permissions: consent.permissions,
      ...(consent.expirationDateTime && { ExpirationDateTime: consent.expirationDateTime }),
      ...(consent.transactionFromDateTime && { TransactionFromDateTime: consent.transactionFromDateTime }),
      ...(consent.transactionToDateTime && { TransactionToDateTime: consent.transactionToDateTime }),
    },
    Risk: {},
    Links: { Self: self },
    Meta: {},
  };
}
