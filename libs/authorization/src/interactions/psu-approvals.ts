import type { Interaction } from 'oidc-provider';
import type { ClientProfile } from '../profiles/client-profile';
import type { ConsentRequester, IntentConsent } from '../consents/intent-kind';
import { findIntentConsent } from '../consents/intent-kinds';
import { intentIdOf } from '../rules/request-names-an-intent';
import { TEACHING_SCOPES } from '../rules/teaching-client-metadata';
import { identityConsentPage } from './identity-consent-page';

/** What the PSU approves or denies on the consent page of one authorization request. */
export type PsuApproval = Omit<IntentConsent, 'consent' | 'reject'> & { reject(): Promise<unknown> };

/** Finds what the PSU approves for this interaction; undefined when nothing can be approved any more. */
type FindApproval = (consents: ConsentRequester, interaction: Interaction) => Promise<PsuApproval | undefined>;

/** OpenID Connect only (teaching clients): the PSU shares who they are; nothing is recorded beyond the grant. */
const IDENTITY: PsuApproval = {
  grantableScopes: new Set(TEACHING_SCOPES),
  consentPage: identityConsentPage,
  authorise: async () => ({ outcome: 'authorised' }),
  reject: async () => undefined,
};

/**
 * What the PSU approves, by the client's profile (ClientProfile.psuApproves): the OB consent the request names (of a
 * kind in ../consents/kinds, awaiting authorisation), or their identity only.
 */
export const PSU_APPROVALS: Record<ClientProfile['psuApproves'], FindApproval> = {
  'open-banking-consent': async (consents, interaction) => {
    const intent = await findIntentConsent(consents, String(intentIdOf(interaction.params.claims)), String(interaction.params.client_id));
    return intent?.consent.status === 'AWAU' ? intent : undefined;
  },
  identity: async () => IDENTITY,
};
