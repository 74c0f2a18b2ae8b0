import type { ConsentBase } from '@fapi/nats-contract';
import type { ConsentExpiry } from '../engine/consent-kind';
import { allowsTransition } from './status-allows-transition';

/** OB v4: a consent is valid until its ExpirationDateTime; one without it never expires. */
export function hasPassed(expiresAt: Date | undefined, now: Date): boolean {
  return expiresAt !== undefined && expiresAt.getTime() <= now.getTime();
}

/** OB v4: a live consent (one its kind's expiry can still move) past its expiry must expire before anyone sees or changes it. */
export function isDueToExpire<Consent extends ConsentBase>(expiry: ConsentExpiry<Consent>, consent: Consent, now: Date): boolean {
  return allowsTransition(expiry.transition, consent.status) && hasPassed(expiry.expiresAt(consent), now);
}
