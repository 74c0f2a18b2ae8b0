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

/** consent-service as far as the cache sees it: counted reads, each answering what `answer` holds when it ends. */
function consentService(answer: (consentId: string) => AccountAccessConsent | undefined) {
  const service = {
    reads: 0,
    /** While set, reads wait for it: a test lets a read end after something else happened. */
    hold: undefined as Promise<void> | undefined,
    async read(consentId: string) {
      service.reads++;
      await service.hold;
      return answer(consentId);
    },
  };
  return service;
}

/** A hold a test releases when it chooses. */
function held(): { hold: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  return { hold, release };
}

describe('the bank’s cache of authorised consents', () => {
  let clock = 0;
  const cache = () => new AuthorisedConsentCache({ maxAgeMs: 30_000, maxEntries: 2 }, () => clock);
  beforeEach(() => (clock = 0));

  it('keeps an authorised consent for at most maxAgeMs', async () => {
    const authorised = cache();
    const service = consentService((id) => consent(id));
    await authorised.getOrRead('aac-1', () => service.read('aac-1'));
    clock = 30_000;
    expect(authorised.get('aac-1')?.consentId).toBe('aac-1');
    clock = 30_001;
    expect(authorised.get('aac-1')).toBeUndefined();
    await authorised.getOrRead('aac-1', () => service.read('aac-1'));
    expect(service.reads).toBe(2);
  });

  it('keeps no consent that is not authorised: its status may still change to one this instance would not hear of', async () => {
    const authorised = cache();
    for (const status of ['AWAU', 'RJCT', 'CANC', 'EXPD'] as const) {
      await expect(authorised.getOrRead(`aac-${status}`, async () => consent(`aac-${status}`, status))).resolves.toMatchObject({ status });
    }
    expect(['AWAU', 'RJCT', 'CANC', 'EXPD'].map((status) => authorised.get(`aac-${status}`))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('forgets a consent whose status changed, and does not keep a read that began before the change', async () => {
    const authorised = cache();
    await authorised.getOrRead('aac-1', async () => consent('aac-1'));
    const { hold, release } = held();
    const service = consentService((id) => consent(id));
    service.hold = hold;
    authorised.forget('aac-1');
    const slowRead = authorised.getOrRead('aac-1', () => service.read('aac-1'));
    authorised.forget('aac-1'); // consent-service announced a change while the read was on its way
    release();
    await expect(slowRead).resolves.toMatchObject({ status: 'AUTH' });
    expect(authorised.get('aac-1')).toBeUndefined();
    await authorised.getOrRead('aac-1', async () => consent('aac-1'));
    expect(authorised.get('aac-1')?.status).toBe('AUTH');
  });

  it('keeps at most maxEntries, the least recently read going first', async () => {
    const authorised = cache();
    await authorised.getOrRead('aac-1', async () => consent('aac-1'));
    await authorised.getOrRead('aac-2', async () => consent('aac-2'));
    authorised.get('aac-1');
    await authorised.getOrRead('aac-3', async () => consent('aac-3'));
    expect(['aac-1', 'aac-2', 'aac-3'].map((id) => authorised.get(id)?.consentId)).toEqual(['aac-1', undefined, 'aac-3']);
  });

  it('reads whose consent is not kept (expired under load) while its read is on the way share that read: one request to consent-service, not one per read', async () => {
    const authorised = cache();
    const service = consentService((id) => consent(id));
    const { hold, release } = held();
    service.hold = hold;
    const reads = Array.from({ length: 20 }, () => authorised.getOrRead('aac-1', () => service.read('aac-1')));
    release();
    const consents = await Promise.all(reads);
    expect(service.reads).toBe(1);
    expect(new Set(consents.map((found) => found?.consentId))).toEqual(new Set(['aac-1']));
  });

  it('a read arriving after a change was announced does not share a read that began before it: it asks consent-service again', async () => {
    const authorised = cache();
    let status: AccountAccessConsent['status'] = 'AUTH';
    const service = consentService((id) => consent(id, status));
    const { hold, release } = held();
    service.hold = hold;
    const before = authorised.getOrRead('aac-1', () => service.read('aac-1'));
    authorised.forget('aac-1'); // revoked: consent-service announced it
    status = 'CANC';
    const after = authorised.getOrRead('aac-1', () => service.read('aac-1'));
    release();
    expect(service.reads).toBe(2);
    await expect(after).resolves.toMatchObject({ status: 'CANC' });
    await before;
  });

  it('a read that fails fails every read that shared it, and is not kept: the next read asks again', async () => {
    const authorised = cache();
    let failing = true;
    const read = async () => {
      if (failing) throw new Error('consent-service did not answer');
      return consent('aac-1');
    };
    const shared = [authorised.getOrRead('aac-1', read), authorised.getOrRead('aac-1', read)];
    await expect(Promise.all(shared)).rejects.toThrow('consent-service did not answer');
    await expect(shared[1]).rejects.toThrow('consent-service did not answer');
    failing = false;
    await expect(authorised.getOrRead('aac-1', read)).resolves.toMatchObject({ consentId: 'aac-1' });
  });
});
