import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { type ReplyOf, type RequestOf, Requests, type RequestSubject, sandboxNatsClient } from '@fapi/nats-contract';
import { type FakeConsentService, startFakeConsentService } from './fake-consent-service';
import { type RunningNatsFake, TEST_SANDBOX_ID } from './nats-fake';
import { type PrivateNatsServer, startPrivateNatsServer } from './private-nats-server';

describe('the fake consent-service answers the contract’s subjects as consent-service does, from memory', () => {
  let nats: PrivateNatsServer;
  let running: RunningNatsFake<FakeConsentService>;
  let fake: FakeConsentService;
  let client: ClientProxy;
  const request = <S extends RequestSubject>(subject: S, payload: RequestOf<S>): Promise<ReplyOf<S>> => firstValueFrom(client.send(subject, payload));

  beforeAll(async () => {
    nats = await startPrivateNatsServer();
    running = await startFakeConsentService(nats.url);
    fake = running.state;
    client = ClientProxyFactory.create(sandboxNatsClient({ natsUrl: nats.url, sandboxId: TEST_SANDBOX_ID }));
  });
  afterAll(async () => {
    await client.close();
    await running.stop();
    await nats.stop();
  });

  it('creates an AWAU account-access consent with an aac- id, records the request, and lets its client read it', async () => {
    const created = await request(Requests.createAccountAccessConsent, { clientId: 'tpp-a', permissions: ['ReadAccountsBasic'] });
    expect(created).toEqual({ ok: true, value: expect.objectContaining({ clientId: 'tpp-a', status: 'AWAU', accountIds: [] }) });
    const { consentId } = (created as { value: { consentId: string } }).value;
    expect(consentId).toMatch(/^aac-/);
    expect(fake.received(Requests.createAccountAccessConsent).at(-1)).toEqual({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'] });
    expect(await request(Requests.getAccountAccessConsent, { consentId, clientId: 'tpp-a' })).toMatchObject({ ok: true, value: { consentId } });
    expect(await request(Requests.getAccountAccessConsent, { consentId, clientId: 'tpp-b' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('authorises and rejects only an AWAU consent of the asking client', async () => {
    const consent = fake.accountAccess.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'] });
    const authorise = { consentId: consent.consentId, clientId: 'tpp-a', psuId: 'psu-mia', accountIds: ['acc-1'] };
    expect(await request(Requests.authoriseAccountAccessConsent, { ...authorise, clientId: 'tpp-b' })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await request(Requests.authoriseAccountAccessConsent, authorise)).toMatchObject({ ok: true, value: { status: 'AUTH', psuId: 'psu-mia', accountIds: ['acc-1'] } });
    expect(await request(Requests.rejectAccountAccessConsent, { consentId: consent.consentId, clientId: 'tpp-a' })).toMatchObject({
      error: { code: 'INVALID_STATUS' },
    });
    expect(fake.accountAccess.get(consent.consentId)?.status).toBe('AUTH');
  });

  it('revokes a live consent for its TPP or for the bank; another TPP is FORBIDDEN', async () => {
    const consent = fake.accountAccess.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'], status: 'AUTH' });
    const revoke = { consentId: consent.consentId, revokedBy: 'TPP' as const };
    expect(await request(Requests.revokeAccountAccessConsent, { ...revoke, clientId: 'tpp-b' })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await request(Requests.revokeAccountAccessConsent, { ...revoke, revokedBy: 'ASPSP' })).toMatchObject({ value: { status: 'CANC' } });
    expect(await request(Requests.revokeAccountAccessConsent, { ...revoke, clientId: 'tpp-a' })).toMatchObject({ error: { code: 'INVALID_STATUS' } });
  });

  it('fails reads of the consents it is told to', async () => {
    const consent = fake.accountAccess.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'] });
    fake.accountAccess.unreadable.add(consent.consentId);
    expect(await request(Requests.getAccountAccessConsent, { consentId: consent.consentId })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });

  it('consumes an authorised payment consent once; the same payment again is the consumed consent', async () => {
    const summary = { amount: '1.00', currency: 'GBP', creditorScheme: 'UK.OBIE.SortCodeAccountNumber', creditorIdentification: '1' };
    const created = await request(Requests.createDomesticPaymentConsent, { clientId: 'tpp-a', initiation: {}, risk: {}, summary });
    const { consentId } = (created as { value: { consentId: string } }).value;
    expect(consentId).toMatch(/^pdc-/);
    const consume = { consentId, clientId: 'tpp-a', paymentId: 'dp-1' };
    expect(await request(Requests.consumeDomesticPaymentConsent, consume)).toMatchObject({ error: { code: 'INVALID_STATUS' } });
    await request(Requests.authoriseDomesticPaymentConsent, { consentId, clientId: 'tpp-a', psuId: 'psu-mia', debtorAccountId: 'acc-1' });
    expect(await request(Requests.consumeDomesticPaymentConsent, { ...consume, clientId: 'tpp-b' })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await request(Requests.consumeDomesticPaymentConsent, consume)).toMatchObject({ value: { status: 'COND', paymentId: 'dp-1', debtorAccountId: 'acc-1' } });
    expect(await request(Requests.consumeDomesticPaymentConsent, consume)).toMatchObject({ ok: true, value: { status: 'COND' } });
    expect(await request(Requests.consumeDomesticPaymentConsent, { ...consume, paymentId: 'dp-2' })).toMatchObject({ error: { code: 'INVALID_STATUS' } });
    expect(fake.received(Requests.consumeDomesticPaymentConsent)).toHaveLength(5);
  });
});
