import { CONSENT_ID_PREFIXES, CONSENT_KIND_SUBJECTS, consentKindOf } from '@fapi/nats-contract';
import { newConsentId } from '../engine/new-consent-id';
import { CONSENT_KINDS } from '.';

describe('the consent kinds the service serves', () => {
  it('are the kinds of the NATS contract, each under its contract name, id prefix and status-change subject', () => {
    expect(CONSENT_KINDS.map((kind) => kind.name).sort()).toEqual(Object.keys(CONSENT_ID_PREFIXES).sort());
    for (const kind of CONSENT_KINDS) {
      const name = kind.name as keyof typeof CONSENT_ID_PREFIXES;
      expect(kind.idPrefix).toBe(CONSENT_ID_PREFIXES[name]);
      expect(kind.statusChanged).toBe(CONSENT_KIND_SUBJECTS[name].statusChanged);
    }
  });

  it('a new ConsentId is unique, at most 128 characters, and names its kind', () => {
    for (const kind of CONSENT_KINDS) {
      const ids = new Set(Array.from({ length: 100 }, () => newConsentId(kind)));
      expect(ids.size).toBe(100);
      for (const id of ids) {
        expect(id.length).toBeLessThanOrEqual(128);
        expect(consentKindOf(id)).toBe(kind.name);
      }
    }
  });
});
