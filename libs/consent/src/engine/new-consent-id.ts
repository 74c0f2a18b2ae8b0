import { randomUUID } from 'node:crypto';
import type { AnyConsentKind } from './consent-kind';

/** OB: Data.ConsentId is at most 128 characters; the kind's prefix + a UUID is 40 and never repeats. */
export function newConsentId(kind: Pick<AnyConsentKind, 'idPrefix'>): string {
  return `${kind.idPrefix}${randomUUID()}`;
}
