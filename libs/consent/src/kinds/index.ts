import type { AnyConsentKind } from '../engine/consent-kind';
import { accountAccess } from './account-access';
import { domesticPayment } from './domestic-payment';

/** Every kind of consent the consent service serves: a new kind is a declaration here (see docs/adding-a-consent-kind.md). */
export const CONSENT_KINDS: readonly AnyConsentKind[] = [accountAccess, domesticPayment];
