import type { PaymentInitiationApi } from '@fapi/open-banking';
import type { TokenDependencies } from '../access/authorize';
import type { DomesticPayments } from '../payments/domestic-payments';
import type { PaymentConsentGateway } from './consents/payment-consent-gateway';
import type { CustomerAccountLookup } from './consents/debtor-account';
import type { IdempotentCreation } from './http/idempotent-creation';
import type { ClientKeys } from './signing/client-keys';

export const PISP_DEPENDENCIES = Symbol('PISP_DEPENDENCIES');

/** What the PISP endpoints need from the rest of the bank (and from consent-service and the AS, over NATS). */
export interface PispDependencies extends TokenDependencies {
  api: PaymentInitiationApi;
  /** The TPPs' registered public keys, for their x-jws-signature. */
  clientKeys: Pick<ClientKeys, 'verificationKeysOf'>;
  consents: Pick<PaymentConsentGateway, 'create' | 'getOwn' | 'current' | 'consume'>;
  payments: Pick<DomesticPayments, 'acceptNewDomesticPayment' | 'payment' | 'fundsAvailable'>;
  idempotency: Pick<IdempotentCreation, 'create'>;
  findCustomerAccount: CustomerAccountLookup;
  /** The bank's public base URL, for Links. */
  bankUrl: string;
  now(): Date;
}
