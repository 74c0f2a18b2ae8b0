import type { AccountInfoApi } from '@fapi/open-banking';
import type { ConsentAccessDependencies } from './access/aisp-access';
import type { AccountAccessConsentGateway } from './consents/account-access-consent-gateway';
import type { AccountInformation } from './resources/account-information';

export const AISP_DEPENDENCIES = Symbol('AISP_DEPENDENCIES');

/** What the AISP endpoints need from the rest of the bank (and from consent-service, over NATS). */
export interface AispDependencies extends ConsentAccessDependencies {
  api: AccountInfoApi;
  consents: Pick<AccountAccessConsentGateway, 'create' | 'getOwn' | 'current' | 'revokeOwn'>;
  information: Pick<AccountInformation, 'accounts' | 'balances' | 'transactions'>;
  /** The bank's public base URL, for Links. */
  bankUrl: string;
}
