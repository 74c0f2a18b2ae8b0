import type { AccountAccessConsent } from '@fapi/nats-contract';
import { AnnouncedChangeCache, type AnnouncedChangeCacheOptions } from '@fapi/service-runtime';

/**
 * maxAgeMs bounds how long an instance that missed a status change announced by consent-service serves the consent as
 * it was. A revocation asked of the bank (DELETE) does not depend on it: RevokedConsents.
 */
export const DEFAULT_AUTHORISED_CONSENT_CACHE: AnnouncedChangeCacheOptions = { maxAgeMs: 30_000, maxEntries: 10_000 };

/**
 * Authorised (AUTH) account-access consents as consent-service last answered them, per bank instance, so that an AISP
 * read does not ask consent-service over NATS each time (issue 11: that lookup cost ~1-2 ms of CPU per read between
 * the bank and consent-service). Only AUTH consents are kept: what an AUTH consent grants (permissions, accounts,
 * dates) never changes, only its status, and each read still checks its expiry against the clock. An entry goes when
 * consent-service announces a status change of it (Events.accountAccessConsentStatusChanged, heard by every instance),
 * and at the latest after `maxAgeMs`.
 */
export class AuthorisedConsentCache extends AnnouncedChangeCache<AccountAccessConsent> {
  constructor(options = DEFAULT_AUTHORISED_CONSENT_CACHE, now?: () => number) {
    super(options, now);
  }

  /** Only an AUTH consent is kept. */
  protected keepable(consent: AccountAccessConsent): AccountAccessConsent | undefined {
    return consent.status === 'AUTH' ? consent : undefined;
  }
}
