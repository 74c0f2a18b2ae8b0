import type { AccountAccessConsent } from '@fapi/nats-contract';
import { AuthorisedConsentCache } from './authorised-consent-cache';

const consent = (consentId: string, status: AccountAccessConsent['status'] = 'AUTH'): AccountAccessConsent => ({
  consentId,
  clientId: 'tpp-a',
  status,
  creationDateTime: '2026-12-06T12:00:00.000Z',
  statusUpdateDateTime: '2026-12-06T12:00:00.000Z',
  psuId: 'psu-mia',
  permissions: ['ReadAccountsBasic'],
  accountIds: ['acc-mia-everyday'],
});

describe('the bank’s cache of authorised consents', () => {
  let clock = 0;
  const cache = () => new AuthorisedConsentCache({ maxAgeMs: 30_000, maxEntries: 2 }, () => clock);
  beforeEach(() => (clock = 0));

  it('keeps an authorised consent for at most maxAgeMs', () => {
    const authorised = cache();
    authorised.remember(consent('aac-1'), authorised.readBegins());
    clock = 30_000;
    expect(authorised.get('aac-1')?.consentId).toBe('aac-1');
    clock = 30_001;
    expect(authorised.get('aac-1')).toBeUndefined();
  });

  it('keeps no consent that is not authorised: its status may still change to one this instance would not hear of', () => {
    const authorised = cache();
    for (const status of ['AWAU', 'RJCT', 'CANC', 'EXPD'] as const) authorised.remember(consent(`aac-${status}`, status), authorised.readBegins());
    expect(['AWAU', 'RJCT', 'CANC', 'EXPD'].map((status) => authorised.get(`aac-${status}`))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('forgets a consent whose status changed, and does not keep a read that began before the change', () => {
    const authorised = cache();
    authorised.remember(consent('aac-1'), authorised.readBegins());
    const readBegan = authorised.readBegins();
    authorised.forget('aac-1'); // consent-service announced a change while a read was on its way
    authorised.remember(consent('aac-1'), readBegan);
    expect(authorised.get('aac-1')).toBeUndefined();
    authorised.remember(consent('aac-1'), authorised.readBegins());
    expect(authorised.get('aac-1')?.status).toBe('AUTH');
  });

  it('keeps at most maxEntries, the least recently read going first', () => {
    const authorised = cache();
    authorised.remember(consent('aac-1'), authorised.readBegins());
    authorised.remember(consent('aac-2'), authorised.readBegins());
    authorised.get('aac-1');
    authorised.remember(consent('aac-3'), authorised.readBegins());
    expect(['aac-1', 'aac-2', 'aac-3'].map((id) => authorised.get(id)?.consentId)).toEqual(['aac-1', undefined, 'aac-3']);
  });
});
