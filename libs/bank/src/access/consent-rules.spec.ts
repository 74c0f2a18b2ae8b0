import { outcomeOf } from '../testing/outcome';
import { requireConsentOfClient, requireConsentOfPsu, requireExistingConsent } from './consent-rules';

/** Who a consent is bound to: its client, and the PSU who authorised it. */
const consent = { consentId: 'consent-1', clientId: 'tpp-a', psuId: 'psu-mia' };

describe('the consent behind a token is the token’s own', () => {
  it('an unknown consent is 403', async () => {
    expect(await outcomeOf(() => requireExistingConsent(undefined, 'consent-x'))).toBe('403 U006');
    expect(requireExistingConsent(consent, 'consent-1')).toBe(consent);
  });

  it('a consent of another client is 403', async () => {
    expect(await outcomeOf(() => requireConsentOfClient(consent, 'tpp-a'))).toBe('allowed');
    expect(await outcomeOf(() => requireConsentOfClient(consent, 'tpp-b'))).toBe('403 U006');
  });

  it('a consent authorised by another PSU than the token subject is 403', async () => {
    expect(await outcomeOf(() => requireConsentOfPsu(consent, 'psu-mia'))).toBe('allowed');
    expect(await outcomeOf(() => requireConsentOfPsu(consent, 'psu-noah'))).toBe('403 U006');
    expect(await outcomeOf(() => requireConsentOfPsu(consent, undefined))).toBe('403 U006');
  });
});
