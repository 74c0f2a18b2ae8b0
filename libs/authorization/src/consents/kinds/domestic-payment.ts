import { type DomesticPaymentConsent, Requests } from '@fapi/nats-contract';
import { debtorAccountToPayFrom } from '../../interactions/account-choices';
import { paymentConsentPage } from '../../interactions/payment-consent-page';
import { intentKind } from '../intent-kind';

/** OB domestic payment (PISP): the PSU approves one payment and the account it is paid from (scope payments). */
export const domesticPayment = intentKind<DomesticPaymentConsent, string>({
  grantableScopes: new Set(['openid', 'payments']),
  find: (consents, consent) => consents.request(Requests.getDomesticPaymentConsent, consent),
  consentPage: paymentConsentPage,
  choose: debtorAccountToPayFrom,
  authorise: (consents, authorisation, debtorAccountId) =>
    consents.request(Requests.authoriseDomesticPaymentConsent, { ...authorisation, debtorAccountId }),
  reject: (consents, consent) => consents.request(Requests.rejectDomesticPaymentConsent, consent),
});
