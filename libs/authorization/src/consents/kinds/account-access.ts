import { type AccountAccessConsent, Requests } from '@fapi/nats-contract';
import { accountsToShare } from '../../interactions/account-choices';
import { accountAccessConsentPage } from '../../interactions/account-access-consent-page';
import { intentKind } from '../intent-kind';

/** OB account access (AISP): the PSU shares some of their accounts; the token may read them (scope accounts). */
export const accountAccess = intentKind<AccountAccessConsent, string[]>({
  grantableScopes: new Set(['openid', 'accounts']),
  find: (consents, consent) => consents.request(Requests.getAccountAccessConsent, consent),
  consentPage: accountAccessConsentPage,
  choose: (_consent, form, accounts) => accountsToShare(form, accounts),
  authorise: (consents, authorisation, accountIds) => consents.request(Requests.authoriseAccountAccessConsent, { ...authorisation, accountIds }),
  reject: (consents, consent) => consents.request(Requests.rejectAccountAccessConsent, consent),
});
