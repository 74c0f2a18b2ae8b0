import {
  CONSENT_ID_PREFIXES,
  CONSENT_KIND_SUBJECTS,
  type DomesticPaymentConsent,
  type DomesticPaymentConsentStatus,
  ok,
  refuse,
} from '@fapi/nats-contract';
import { type ConsentKindDeclaration, type ConsentTransition, operationsOf } from '../engine/consent-kind';
import { parseClientRequest } from '../request-parsing';
import { respectsFixedDebtorAccount } from '../rules/fixed-debtor-account';
import { askedByOwner } from '../rules/owning-client';
import { wasConsumedBy } from '../rules/repeated-consumption';
import {
  parseAuthorisePaymentConsentRequest,
  parseConsumePaymentConsentRequest,
  parseCreatePaymentConsentRequest,
} from './domestic-payment-requests';

/**
 * Every status change a domestic payment consent can make after it is created. OB PISP profile: a payment consent
 * cannot be revoked after authorisation (PSD2 art. 80) nor re-authorised, so there is no revoke and nothing leads back.
 */
export const PaymentConsentTransitions = {
  /** OB: the PSU approves during the authorization-code flow, paying from the fixed debtor account or one they choose. */
  authorise: { name: 'authorise', from: ['AWAU'], to: 'AUTH' },
  /** OB: the PSU refuses while the consent awaits authorisation. */
  reject: { name: 'reject', from: ['AWAU'], to: 'RJCT' },
  /** OB: a domestic-payment was made from the authorised consent; COND is terminal, so a consent pays at most once. */
  consume: { name: 'consume', from: ['AUTH'], to: 'COND' },
} as const satisfies Record<string, ConsentTransition<DomesticPaymentConsentStatus>>;

const subjects = CONSENT_KIND_SUBJECTS.domesticPayment;
const operation = operationsOf<DomesticPaymentConsent>();

/**
 * PISP: a domestic payment consent (POST /domestic-payment-consents): Initiation and Risk exactly as the TPP sent them
 * (a payment must equal them), the summary the bank extracted from the Initiation, and what authorisation (PSU,
 * debtor account) and consumption (the one payment) recorded.
 */
export const domesticPayment: ConsentKindDeclaration<DomesticPaymentConsent> = {
  name: 'domesticPayment',
  label: 'domestic payment consent',
  idPrefix: CONSENT_ID_PREFIXES.domesticPayment,
  /** OB: a new domestic payment consent is AwaitingAuthorisation (AWAU) right after POST /domestic-payment-consents. */
  initialStatus: 'AWAU',
  transitions: PaymentConsentTransitions,
  create: operation.create({
    subject: subjects.create,
    parse: parseCreatePaymentConsentRequest,
    stores: ({ initiation, risk, summary }) => ({ initiation, risk, summary }),
  }),
  get: subjects.get,
  requests: {
    authorise: operation.transition({
      subject: subjects.authorise,
      parse: parseAuthorisePaymentConsentRequest,
      transition: PaymentConsentTransitions.authorise,
      mayAct: askedByOwner,
      check: (consent, { consentId, debtorAccountId }) =>
        respectsFixedDebtorAccount(consent, debtorAccountId)
          ? undefined
          : refuse('INVALID', `consent ${consentId} fixed the debtor account: the payment cannot be made from another`),
      reason: ({ psuId, debtorAccountId }) => `authorised by PSU ${psuId} from account ${debtorAccountId}`,
      records: ({ psuId, debtorAccountId }) => ({ psuId, debtorAccountId }),
    }),
    reject: operation.transition({
      subject: subjects.reject,
      parse: parseClientRequest,
      transition: PaymentConsentTransitions.reject,
      mayAct: askedByOwner,
      reason: () => 'rejected by the PSU',
    }),
    consume: operation.transition({
      subject: subjects.consume,
      parse: parseConsumePaymentConsentRequest,
      transition: PaymentConsentTransitions.consume,
      mayAct: askedByOwner,
      check: (consent, { paymentId }) => (wasConsumedBy(consent, paymentId) ? ok(consent) : undefined),
      reason: ({ paymentId }) => `consumed by payment ${paymentId}`,
      records: ({ paymentId }) => ({ paymentId }),
    }),
  },
  statusChanged: subjects.statusChanged,
};
