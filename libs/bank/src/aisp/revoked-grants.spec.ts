import { DurableStreamPublisher, Requests, Streams } from '@fapi/nats-contract';
import { eventually, TEST_SANDBOX_ID } from '@fapi/testing';
import { AISP, startAispWorld, type AispWorld } from '../testing/aisp-world';

describe('a grant the authorization server revokes stops working at the bank at once, though its consent stays AUTH', () => {
  let world: AispWorld;
  beforeAll(async () => {
    world = await startAispWorld('aisp_revoked_grants');
  }, 60_000);
  afterAll(() => world?.stop());

  it('once the bank acknowledges the AS’s revocation request, a token of that grant is refused (401, no body) at once', async () => {
    const ava = { status: 'AUTH' as const, psuId: 'psu-ava', accountIds: ['acc-ava-everyday'] };
    const consent = world.consents.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'], ...ava });
    const revokedToken = await world.consentToken(consent, { claims: { grant_id: 'grant-replayed-code' } });
    const otherGrantToken = await world.consentToken(consent, { claims: { grant_id: 'grant-of-another-code' } });
    const accounts = (token: string) => world.tppA.call('GET', `${AISP}/accounts`, { token });
    expect((await accounts(revokedToken)).status).toBe(200);

    const acknowledged = await world.bank.natsRequest(Requests.revokeGrant, { grantId: 'grant-replayed-code', at: new Date().toISOString() });

    expect(acknowledged).toEqual({ ok: true, value: { grantId: 'grant-replayed-code' } });
    const refused = await accounts(revokedToken);
    expect([refused.status, refused.text, refused.headers['www-authenticate']]).toEqual([401, '', 'Bearer']);
    expect((await accounts(otherGrantToken)).status).toBe(200);
  });

  it('GET accounts with a token of a grant revoked on the durable stream is 200 before the announcement and 401 (no body) after it', async () => {
    const mia = { status: 'AUTH' as const, psuId: 'psu-mia', accountIds: ['acc-mia-everyday'] };
    const consent = world.consents.put({ clientId: 'tpp-a', permissions: ['ReadAccountsBasic'], ...mia });
    const revokedToken = await world.consentToken(consent, { claims: { grant_id: 'grant-reused-code' } });
    const otherGrantToken = await world.consentToken(consent, { claims: { grant_id: 'grant-still-valid' } });
    const accounts = (token: string) => world.tppA.call('GET', `${AISP}/accounts`, { token });
    expect((await accounts(revokedToken)).status).toBe(200);

    const theAs = new DurableStreamPublisher({ natsUrl: world.bank.nats.url, sandboxId: TEST_SANDBOX_ID }, Streams.grantRevocations);
    await theAs.publish({ grantId: 'grant-reused-code', at: new Date().toISOString() });
    await theAs.onApplicationShutdown();

    const refused = await eventually(
      async () => {
        const response = await accounts(revokedToken);
        return response.status === 200 ? undefined : response;
      },
      'the revoked grant to be refused',
      { attempts: 100, intervalMs: 50 },
    );
    expect([refused.status, refused.text, refused.headers['www-authenticate']]).toEqual([401, '', 'Bearer']);
    expect(world.consents.get(consent.consentId)?.status).toBe('AUTH');
    expect((await accounts(otherGrantToken)).status).toBe(200);
  });
});
