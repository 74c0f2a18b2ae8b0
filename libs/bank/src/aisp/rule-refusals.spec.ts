import type { AccountAccessConsent } from '@fapi/nats-contract';
import { BANK_ACCESS_RULES as ACCESS, BANK_REQUEST_RULES as REQUEST, BANK_TOKEN_RULES as TOKEN, type RefusalRule, refusalText, ruleCitedBy } from '@fapi/refusal-catalogue';
import { eventually, type RunningNatsFake } from '@fapi/testing';
import { AISP, startAispWorld, type AispWorld } from '../testing/aisp-world';
import { BANK_URL } from '../testing/bank-under-test';
import { DpopKey } from '../testing/dpop-key';
import { type ConsoleRecordsHeard, listenToConsoleRecords } from '../testing/console-records-heard';
import type { BankResponse } from '../testing/tpp-client';

/** A deliberately wrong request, and the refusal that names the rule it breaks. */
interface WrongRequest {
  what: string;
  send: () => Promise<BankResponse>;
  status: number;
  /** The OB ErrorCode, or the WWW-Authenticate error of a 401. */
  code: string;
  rule: RefusalRule;
  received?: string;
}

/** What the TPP reads of a refusal: the status, the code and the description, from the OB body or the 401 challenge. */
function refusalOf(response: BankResponse): { status: number; code?: string; description?: string } {
  if (response.status === 401) {
    const challenge = response.headers['www-authenticate'] ?? '';
    return { status: 401, code: /error="([^"]*)"/.exec(challenge)?.[1], description: /error_description="([^"]*)"/.exec(challenge)?.[1] };
  }
  const [error] = (response.body as { Errors: { ErrorCode: string; Message: string }[] }).Errors;
  return { status: response.status, code: error.ErrorCode, description: error.Message };
}

const DETAIL = ['ReadAccountsDetail', 'ReadBalances', 'ReadTransactionsDetail', 'ReadTransactionsCredits', 'ReadTransactionsDebits'] as const;
/** The client of every token of these requests (the fake AS issues TPP A's tokens). */
const TPP_A = 'tpp-a';
const MIA = { clientId: TPP_A, status: 'AUTH' as const, psuId: 'psu-mia', accountIds: ['acc-mia-everyday'] };
const ACCOUNTS = `${AISP}/accounts`;

describe('every refusal of the bank names its rule, what it expects and what it received, in the answer and in that client’s developer console (issue 10)', () => {
  let world: AispWorld;
  /** What the authorization server hears over NATS for the developer console (Events.consoleRequestsRecorded). */
  let heard: RunningNatsFake<ConsoleRecordsHeard>;
  let consent: AccountAccessConsent;
  let key: DpopKey;
  let dpopToken: string;
  beforeAll(async () => {
    world = await startAispWorld('bank_rule_refusals');
    heard = await listenToConsoleRecords(world.bank.nats.url);
    consent = world.consents.put({ ...MIA, permissions: [...DETAIL] });
    key = await DpopKey.generate('ES256');
    dpopToken = await world.consentToken(consent, { claims: { cnf: { jkt: key.jkt } } });
  }, 60_000);
  afterAll(async () => {
    await heard?.stop();
    await world?.stop();
  });

  const get = async (path: string, token: string | Promise<string>) => world.tppA.call('GET', `${AISP}${path}`, { token: await token });
  const asDpop = async (proofs: string[], scheme = 'DPoP') =>
    world.noCertificate.call('GET', ACCOUNTS, { headers: { authorization: `${scheme} ${dpopToken}`, ...(proofs.length ? { dpop: proofs } : {}) } });
  const withConsent = (overrides: Partial<AccountAccessConsent>) => world.consentToken(world.consents.put({ ...MIA, permissions: [...DETAIL], ...overrides }));

  const wrongRequests: WrongRequest[] = [
    {
      what: 'a token without the accounts scope',
      send: () => get('/accounts', world.consentToken(consent, { claims: { scope: 'openid payments' } })),
      status: 403,
      code: 'U006',
      rule: ACCESS.tokenScope,
      received: 'the access token grants openid payments, not accounts',
    },
    {
      what: 'a client-credentials token reading accounts',
      send: () => get('/accounts', world.clientToken()),
      status: 403,
      code: 'U006',
      rule: ACCESS.psuAuthorisedToken,
      received: 'the access token names no consent (openbanking_intent_id)',
    },
    {
      what: 'a PSU token reading a consent (the TPP’s own endpoint)',
      send: () => get(`/account-access-consents/${consent.consentId}`, world.consentToken(consent)),
      status: 403,
      code: 'U006',
      rule: ACCESS.clientCredentialsToken,
      received: 'the access token was authorised by a PSU for a consent',
    },
    {
      what: 'a token for a consent consent-service never made',
      send: () => get('/accounts', world.consentToken({ ...consent, consentId: 'consent-never-made' })),
      status: 403,
      code: 'U006',
      rule: ACCESS.consentExists,
      received: 'there is no consent consent-never-made',
    },
    {
      what: 'a token for another client’s consent',
      send: () => get('/accounts', withConsent({ clientId: 'tpp-b' })),
      status: 403,
      code: 'U006',
      rule: ACCESS.consentOfClient,
      received: 'it belongs to another client',
    },
    {
      what: 'a token whose subject is not the PSU who authorised the consent',
      send: () => get('/accounts', world.consentToken(consent, { claims: { sub: 'psu-noah' } })),
      status: 403,
      code: 'U006',
      rule: ACCESS.consentOfPsu,
      received: 'it was authorised by another PSU',
    },
    {
      what: 'a consent still awaiting authorisation',
      send: () => get('/accounts', withConsent({ status: 'AWAU' })),
      status: 403,
      code: 'U009',
      rule: ACCESS.consentAuthorised,
      received: 'the consent is AWAU',
    },
    {
      what: 'a consent past its ExpirationDateTime',
      send: () => get('/accounts', withConsent({ expirationDateTime: '2025-01-01T00:00:00+00:00' })),
      status: 403,
      code: 'U009',
      rule: ACCESS.consentNotExpired,
      received: 'it expired at 2025-01-01T00:00:00+00:00',
    },
    {
      what: 'balances without ReadBalances',
      send: () => get('/balances', withConsent({ permissions: ['ReadAccountsBasic'] })),
      status: 403,
      code: 'U006',
      rule: ACCESS.consentPermission,
      received: 'the consent lacks ReadBalances',
    },
    {
      what: 'an account the PSU did not share',
      send: () => get('/accounts/acc-mia-savings', world.consentToken(consent)),
      status: 403,
      code: 'U006',
      rule: ACCESS.consentAccount,
      received: 'the account acc-mia-savings is not in the consent',
    },
    {
      what: 'an account that does not exist',
      send: () => get('/accounts/acc-nobody', world.consentToken(consent)),
      status: 400,
      code: 'U011',
      rule: ACCESS.resourceKnown,
      received: 'there is no account acc-nobody',
    },
    {
      what: 'an AccountId longer than 40 characters',
      send: () => get(`/accounts/${'a'.repeat(41)}`, world.consentToken(consent)),
      status: 400,
      code: 'U002',
      rule: REQUEST.resourceIdForm,
      received: 'AccountId is 41 characters long, at most 40',
    },
    {
      what: 'a DPoP-bound token without a DPoP proof',
      send: () => asDpop([]),
      status: 401,
      code: 'invalid_dpop_proof',
      rule: TOKEN.proofPresent,
      received: 'the request has no DPoP header',
    },
    {
      what: 'a DPoP proof made for another method',
      send: async () => asDpop([await key.proof('GET', `${BANK_URL}${ACCOUNTS}`, dpopToken, { claims: { htm: 'POST' } })]),
      status: 401,
      code: 'invalid_dpop_proof',
      rule: TOKEN.proofHtm,
      received: 'the DPoP proof htm is POST, the request GET',
    },
    {
      what: 'a DPoP-bound token presented as Bearer',
      send: async () => asDpop([await key.proof('GET', `${BANK_URL}${ACCOUNTS}`, dpopToken)], 'Bearer'),
      status: 401,
      code: 'invalid_token',
      rule: TOKEN.tokenInItsScheme,
      received: 'the DPoP-bound access token came in the Bearer scheme',
    },
  ];

  it.each(wrongRequests)('$what: $status $code, rule $rule.id', async ({ send, status, code, rule, received }) => {
    const before = heard.state.citing(TPP_A, rule.id).length;
    const response = await send();
    const refusal = refusalOf(response);
    expect(refusal).toEqual({ status, code, description: refusalText(rule, received) });
    expect(ruleCitedBy(refusal.description)).toBe(rule.id);
    // the developer console half: announced for the client whose token it was (TPP A), with the answer's interaction id, for nobody else
    const [record] = (await heard.state.awaitCiting(TPP_A, rule.id, before)).slice(before);
    expect(record).toMatchObject({ service: 'bank', status, verdict: 'refused', error: code, description: refusal.description, interactionId: response.headers['x-fapi-interaction-id'] });
    expect(heard.state.clientsCiting(rule.id)).toEqual([TPP_A]);
  });

  it('announces an accepted request of a client too, and nothing of a request whose token did not verify', async () => {
    const accepted = await get('/accounts', world.consentToken(consent));
    expect(accepted.status).toBe(200);
    await eventually(() => (heard.state.records.some((record) => record.verdict === 'accepted' && record.endpoint === ACCOUNTS) ? true : undefined), 'an accepted record');
    const count = heard.state.records.length;
    const forged = await world.tppA.call('GET', ACCOUNTS, { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
    await get('/accounts', world.consentToken(consent)); // recorded after the forged one would have been
    await eventually(() => (heard.state.records.length > count ? true : undefined), 'the next record');
    expect(heard.state.records.slice(count).map((record) => record.status)).toEqual([200]);
  });
});
