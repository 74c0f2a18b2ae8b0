import type { ProfileOptions } from '@fapi/onboarding';

/** The name the sample fintech registers with (the bank's consent page shows it). */
export const SAMPLE_FINTECH = 'Sandbox Fintech';

export type SampleFintechProfile = 'fapi1-advanced' | 'fapi2';

/**
 * How `npm start` onboards the sample fintech for each `--fintech-profile` (private_key_jwt either way), and how the
 * progress line says so.
 */
export const SAMPLE_FINTECH_PROFILES: Record<SampleFintechProfile, { options: ProfileOptions; description: string }> = {
  'fapi1-advanced': { options: { profile: 'fapi1-advanced', responseStyle: 'jarm' }, description: 'FAPI 1.0 Advanced: PAR + JARM, private_key_jwt' },
  fapi2: {
    options: { profile: 'fapi2', senderConstraint: 'dpop', requestObject: 'signed' },
    description: 'FAPI 2.0: DPoP-bound, PAR + JAR + JARM, private_key_jwt',
  },
};
