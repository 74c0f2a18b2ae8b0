import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import type { OBDomesticInitiation, OBRisk1, OBWriteDomesticConsentResponse5 } from '@fapi/open-banking';
import { consentResponseData } from '../../ob-http/consent-response';

/**
 * A domestic payment consent as OBWriteDomesticConsentResponse5: its Initiation and Risk exactly as the TPP sent them,
 * and its ReadRefundAccount when the TPP sent one.
 */
export function obPaymentConsentResponse(consent: DomesticPaymentConsent, self: string): OBWriteDomesticConsentResponse5 {
  return {
    Data: {
      ...consentResponseData(consent),
      ...(consent.summary.readRefundAccount && { ReadRefundAccount: consent.summary.readRefundAccount }),
      Initiation: consent.initiation as unknown as OBDomesticInitiation,
    },
    Risk: consent.risk as OBRisk1,
    Links: { Self: self },
    Meta: {},
  };
}
