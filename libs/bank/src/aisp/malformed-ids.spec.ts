import type { Permission } from '@fapi/open-banking';
import { expectConformsToSpec } from '@fapi/open-banking/testing';
import { AISP, startAispWorld, type AispWorld } from '../testing/aisp-world';
import { invalidPathId, refusalOf } from '../testing/outcome';

const CONSENTS = `${AISP}/account-access-consents`;
const READ: Permission[] = ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsBasic', 'ReadTransactionsCredits', 'ReadTransactionsDebits'];

describe('AISP: a malformed id in a path is refused at the edge (400 U002) and never hurts another TPP', () => {
  let world: AispWorld;
  let clientToken: string;
  let accountToken: string;
  beforeAll(async () => {
    world = await startAispWorld('aisp_malformed_ids');
    clientToken = await world.clientToken();
    const consent = world.consents.put({ clientId: 'tpp-a', permissions: READ, status: 'AUTH', psuId: 'psu-mia', accountIds: ['acc-mia-everyday'] });
    accountToken = await world.consentToken(consent);
  }, 60_000);
  afterAll(() => world?.stop());

  const call = async (method: string, path: string, token: string) => {
    const response = await world.tppA.call(method, `${AISP}${path}`, { token });
    await expectConformsToSpec(method, `${AISP}${path}`, response.status, response.body, response.headers);
    return response;
  };

  it.each([
    ['GET', '/account-access-consents/a%00'],
    ['DELETE', '/account-access-consents/a%00'],
    ['GET', `/account-access-consents/${'c'.repeat(129)}`],
    ['GET', '/account-access-consents/a%0Ab'],
  ])('%s %s (a NUL, a control character or over 128 characters) is 400 U002 naming ConsentId', async (method, path) => {
    expect(refusalOf(await call(method, path, clientToken))).toEqual(invalidPathId('ConsentId'));
  });

  it('a ConsentId of 128 characters is looked up as usual (400 U011: no such consent)', async () => {
    expect(refusalOf(await call('GET', `/account-access-consents/${'c'.repeat(128)}`, clientToken))).toEqual({
      status: 400,
      errors: [{ ErrorCode: 'U011', Path: 'ConsentId' }],
    });
  });

  it.each(['/accounts/a%00', '/accounts/a%00/balances', '/accounts/a%00/transactions', `/accounts/${'a'.repeat(41)}`, '/accounts/a%7F'])(
    'GET %s (a control character or over 40 characters) is 400 U002 naming AccountId',
    async (path) => {
      expect(refusalOf(await call('GET', path, accountToken))).toEqual(invalidPathId('AccountId'));
    },
  );

  it('while TPP A sends NUL and overlong ids, TPP B’s concurrent GET accounts all succeed', async () => {
    const noah = { status: 'AUTH' as const, psuId: 'psu-noah', accountIds: ['acc-noah-everyday'] };
    const consentOfB = world.consents.put({ clientId: 'tpp-b', permissions: READ, ...noah });
    const tokenOfB = await world.tokenFor(world.bank.certificates.tppB, {
      claims: { client_id: 'tpp-b', sub: 'psu-noah', openbanking_intent_id: consentOfB.consentId },
    });
    const hostile = [
      '/account-access-consents/a%00',
      `/account-access-consents/${'c'.repeat(200)}`,
      '/accounts/a%00',
      `/accounts/${'a'.repeat(100)}`,
    ];
    const attacks = Array.from({ length: 40 }, (_, i) => {
      const path = hostile[i % hostile.length];
      return world.tppA.call('GET', `${AISP}${path}`, { token: path.startsWith('/accounts') ? accountToken : clientToken });
    });
    const normal = Array.from({ length: 40 }, () => world.tppB.call('GET', `${AISP}/accounts`, { token: tokenOfB }));
    const [attacked, served] = await Promise.all([Promise.all(attacks), Promise.all(normal)]);
    expect(served.map((response) => response.status)).toEqual(served.map(() => 200));
    expect(new Set(attacked.map((response) => `${response.status} ${refusalOf(response).errors?.[0]?.ErrorCode}`))).toEqual(new Set(['400 U002']));
  });
});
