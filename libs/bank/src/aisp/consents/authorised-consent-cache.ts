import type { AccountAccessConsent } from '@fapi/nats-contract';

export interface AuthorisedConsentCacheOptions {
  /**
   * The longest an entry is served without asking consent-service again: the bound on how long an instance that missed
   * a status change announced by consent-service (NATS away at that moment) serves the consent as it was. A revocation
   * asked of the bank (DELETE) does not depend on it: RevokedConsents.
   */
  maxAgeMs: number;
  /** Entries kept at most; the least recently read go first. */
  maxEntries: number;
}

export const DEFAULT_AUTHORISED_CONSENT_CACHE: AuthorisedConsentCacheOptions = { maxAgeMs: 30_000, maxEntries: 10_000 };

/**
 * Authorised (AUTH) account-access consents as consent-service last answered them, per bank instance, so that an AISP
 * read does not ask consent-service over NATS each time (issue 11: that lookup cost ~1-2 ms of CPU per read between
 * the bank and consent-service). Only AUTH consents are kept: what an AUTH consent grants (permissions, accounts,
 * dates) never changes, only its status, and each read still checks its expiry against the clock. An entry goes when
 * consent-service announces a status change of it (Events.accountAccessConsentStatusChanged, heard by every instance),
 * and at the latest after `maxAgeMs`.
 */
export class AuthorisedConsentCache {
  private readonly entries = new Map<string, { consent: AccountAccessConsent; readAt: number }>();
  /** Bumped by every forget: a read that began before a status change must not cache what it read. */
  private generation = 0;

  constructor(
    private readonly options: AuthorisedConsentCacheOptions = DEFAULT_AUTHORISED_CONSENT_CACHE,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Where a read from consent-service begins: pass it to `remember` with what the read found. */
  readBegins(): number {
    return this.generation;
  }

  get(consentId: string): AccountAccessConsent | undefined {
    const entry = this.entries.get(consentId);
    if (!entry) return undefined;
    this.entries.delete(consentId);
    if (this.now() - entry.readAt > this.options.maxAgeMs) return undefined;
    this.entries.set(consentId, entry); // most recently read last
    return entry.consent;
  }

  /** Keeps an AUTH consent a read found, unless a status changed since the read began (it may have read the old one). */
  remember(consent: AccountAccessConsent, readBegan: number): void {
    if (consent.status !== 'AUTH' || readBegan !== this.generation) return;
    this.entries.delete(consent.consentId);
    this.entries.set(consent.consentId, { consent, readAt: this.now() });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  forget(consentId: string): void {
    this.generation++;
    this.entries.delete(consentId);
  }
}
