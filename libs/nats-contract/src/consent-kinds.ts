import type { ConsentKind } from './consent-ids';
import { Events, Requests } from './contract';

/** The subjects every consent kind has (a kind may have more): consent-service serves the requests and emits the event. */
export interface ConsentKindSubjects {
  [operation: string]: string;
  create: string;
  /** Reads one consent; with clientId set, a consent of another client is NOT_FOUND. */
  get: string;
  /** The PSU approved: AWAU -> AUTH. */
  authorise: string;
  /** The PSU denied: AWAU -> RJCT. */
  reject: string;
  /** Emitted after every status change (ConsentStatusChanged of the kind's statuses). */
  statusChanged: string;
}

/**
 * Each consent kind's subjects by what they do, so that a service handling several kinds looks a kind's subjects up
 * here instead of branching on the kind (a consent id names its kind: consentKindOf). The payload and reply types of
 * each subject are in contract.ts, as for every subject.
 */
export const CONSENT_KIND_SUBJECTS = {
  accountAccess: {
    create: Requests.createAccountAccessConsent,
    get: Requests.getAccountAccessConsent,
    authorise: Requests.authoriseAccountAccessConsent,
    reject: Requests.rejectAccountAccessConsent,
    /** The TPP deleted the consent or the bank revoked it: -> CANC. */
    revoke: Requests.revokeAccountAccessConsent,
    statusChanged: Events.accountAccessConsentStatusChanged,
  },
  domesticPayment: {
    create: Requests.createDomesticPaymentConsent,
    get: Requests.getDomesticPaymentConsent,
    authorise: Requests.authoriseDomesticPaymentConsent,
    reject: Requests.rejectDomesticPaymentConsent,
    /** A payment was made from the consent: AUTH -> COND. */
    consume: Requests.consumeDomesticPaymentConsent,
    statusChanged: Events.domesticPaymentConsentStatusChanged,
  },
} as const satisfies Record<ConsentKind, ConsentKindSubjects>;
