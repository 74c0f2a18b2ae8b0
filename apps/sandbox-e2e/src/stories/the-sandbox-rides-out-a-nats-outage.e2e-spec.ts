import pg from 'pg';
import { DEFAULT_AUTHORISED_CONSENT_CACHE } from '@fapi/bank';
import { databaseUrl } from '@fapi/persistence';
import { eventually } from '@fapi/testing';
import { bookedBalance } from '../support/balances';
import { grantAccountAccess, IndependentTpp } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { authorisedPaymentConsent, awaitFinalStatus, submitPayment } from '../support/payments';
import { sandbox } from '../support/sandbox-state';
import { killNats, startNatsAgain } from '../support/sandbox-nats';
import { isAlive, runningSandboxProcesses } from '../support/service-processes';
import { described, SteadyTraffic, type TrafficAnswer } from '../support/steady-traffic';

const NOAH = { username: 'noah', password: 'noah-sandbox-pass' };
// Money moves only between accounts other stories check relatively (never acc-noah-everyday, acc-noah-business,
// acc-mia-savings or acc-ava-travel, whose seeded balances they assert): Noah's savings to Ava's current account.
const AVA_EVERYDAY = '99000110000021';
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the sandbox rides out a NATS outage', () => {
  it('during 30 s without NATS the bank answers 503 quickly to what needs consent-service, reads of a consent it holds as authorised go on for at most its cache age; then every service works again by itself and nothing is lost or doubled', async () => {
    const state = sandbox();
    const tpp = new IndependentTpp(
      onboardFintech('Outage Watch', ['--redirect-uri', 'https://outage.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
    const consents = new pg.Client({ connectionString: databaseUrl('consent', { DATABASE_URL: state.databaseUrl }) });
    const ledger = new pg.Client({ connectionString: databaseUrl('bank', { DATABASE_URL: state.databaseUrl }) });
    await consents.connect();
    await ledger.connect();
    const processes = runningSandboxProcesses(state);
    const consentIdsReceived: string[] = [];
    try {
      const reads = await grantAccountAccess(tpp, { ...NOAH, accountIds: ['acc-noah-savings'] }, ['ReadAccountsBasic', 'ReadBalances']);
      consentIdsReceived.push(reads.consentId);
      const savingsBefore = await bookedBalance(tpp, reads.tokens.access_token, 'acc-noah-savings');
      const accepted = await authorisedPaymentConsent(tpp, NOAH, {
        debtorAccountId: 'acc-noah-savings',
        creditorIdentification: AVA_EVERYDAY,
        creditorName: 'Ava Lindqvist',
        amount: '12.34',
        reference: 'Outage test',
      });
      consentIdsReceived.push(accepted.consent.Data.ConsentId);
      const clientToken = (await tpp.clientCredentialsToken()).access_token;
      const { token_endpoint } = await tpp.discovery();

      const traffic = new SteadyTraffic([
        { kind: 'bank: read accounts', send: () => tpp.bank('GET', 'accounts', reads.tokens.access_token) },
        { kind: 'bank: create consent', send: () => tpp.bank('POST', 'account-access-consents', clientToken, { Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} }) },
        { kind: 'AS: client token', send: async () => tpp.postForm(token_endpoint, { grant_type: 'client_credentials', scope: 'accounts', ...(await tpp.clientAuthentication()) }) },
        { kind: 'fintech: home page', send: () => tpp.call('GET', `${state.tppUrl}/`) },
      ], { lanes: 2, everyMs: 400 });
      let consentsInFlightAtTheOutage = 0;
      try {
        await sleep(1500);
        // The debtor's row, locked here, holds the settlement worker: the payment is accepted (RCVD, queued on
        // JetStream) but not settled when NATS goes away; the lock is released during the outage.
        await ledger.query('BEGIN');
        await ledger.query(`SELECT 1 FROM account WHERE account_id = 'acc-noah-savings' FOR NO KEY UPDATE`);
        const payment = await submitPayment(tpp, accepted);
        expect(payment.status).toBe('RCVD');

        const from = Date.now();
        await killNats(state);
        await sleep(2000);
        await ledger.query('ROLLBACK');
        await sleep(OUTAGE_MS - (Date.now() - from));
        await startNatsAgain(state);
        const outage = { from, to: Date.now() };

        const untilRecovered: TrafficAnswer[] = [];
        const recoveredAt = await eventually(
          async () => {
            const startedAt = Date.now();
            const answer = await tpp.bank('GET', 'accounts', reads.tokens.access_token);
            untilRecovered.push({ kind: 'bank: read accounts (until recovered)', startedAt, endedAt: Date.now(), status: answer.status, answer });
            return answer.status === 200 ? Date.now() : undefined;
          },
          'the bank reading accounts again',
          { attempts: 60, intervalMs: 250 },
        );
        await sleep(1000); // a little steady traffic after recovery
        const answers = await traffic.stop();
        const consentPosts = answers.filter((answer) => answer.kind === 'bank: create consent');
        for (const answer of consentPosts.filter(({ status }) => status === 201)) consentIdsReceived.push((answer.answer?.body as { Data: { ConsentId: string } }).Data.ConsentId);
        consentsInFlightAtTheOutage = consentPosts.filter((answer) => answer.startedAt < from && answer.endedAt > from).length;

        // No hang and no broken connection: every request was answered, each within 5 s.
        expect(answers.filter((answer) => answer.status === 'failed' || answer.endedAt - answer.startedAt >= 5000).map(described)).toEqual([]);
        // Before the outage, everything worked; a request in flight as NATS went away either finished or got the OB 503
        // at once (a CI run saw a consent POST started 0.1 s before the kill answered 503 after NATS was gone).
        const succeeded = (answer: TrafficAnswer) => answer.status === 200 || answer.status === 201;
        expect(answers.filter((answer) => answer.endedAt <= from && !succeeded(answer)).map(described)).toEqual([]);
        expect(answers.filter((answer) => answer.startedAt < from && answer.endedAt > from && !succeeded(answer) && !isOb503(answer)).map(described)).toEqual([]);
        // From the moment NATS went away until the bank is back, what needs NATS gets the OB 503 (U000, Retry-After),
        // never a 500 (not even while the services subscribe again); what does not need NATS keeps working.
        const since = [...answers, ...untilRecovered].filter((answer) => answer.startedAt >= from);
        const bankSince = since.filter((answer) => answer.kind.startsWith('bank'));
        expect(bankSince.filter((answer) => answer.status !== 200 && answer.status !== 201 && !isOb503(answer)).map(described)).toEqual([]);
        expect(since.filter((answer) => !answer.kind.startsWith('bank') && answer.status !== 200).map(described)).toEqual([]);
        const bankDuring = bankSince.filter((answer) => answer.endedAt <= outage.to);
        expect(bankDuring.length).toBeGreaterThan(10);
        // A read of the authorised consent may be answered from the bank's consent cache, for at most its age since
        // consent-service last answered (before the outage began); everything else the bank does here needs consent-service.
        const servedFromCache = (answer: TrafficAnswer) =>
          answer.kind.startsWith('bank: read accounts') && answer.status === 200 && answer.endedAt - from <= DEFAULT_AUTHORISED_CONSENT_CACHE.maxAgeMs;
        expect(bankDuring.filter((answer) => !isOb503(answer) && !servedFromCache(answer)).map(described)).toEqual([]);
        expect(bankDuring.filter((answer) => answer.kind === 'bank: create consent' && isOb503(answer)).length).toBeGreaterThan(0);
        // Back by itself within seconds of NATS returning.
        expect(recoveredAt - outage.to).toBeLessThan(10_000);
        expect(answers.filter((answer) => answer.startedAt > recoveredAt && answer.status !== 200 && answer.status !== 201).map(described)).toEqual([]);

        // The payment accepted just before the outage settles, exactly once.
        expect(await awaitFinalStatus(tpp, payment.paymentId)).toBe('ACCC');
        expect((await ledger.query('SELECT count(*)::int AS postings FROM posting WHERE payment_id = $1', [payment.paymentId])).rows).toEqual([{ postings: 2 }]);
        expect(await bookedBalance(tpp, reads.tokens.access_token, 'acc-noah-savings')).toBe(savingsBefore - 1234);
      } finally {
        await traffic.stop();
        await startNatsAgain(state); // the next story needs NATS, whatever happened here
      }

      // A full journey works again: consent, authorisation, accounts; and a new payment settles.
      const again = await grantAccountAccess(tpp, { ...NOAH, accountIds: ['acc-noah-everyday'] }, ['ReadAccountsBasic']);
      consentIdsReceived.push(again.consentId);
      expect((await tpp.bank('GET', 'accounts', again.tokens.access_token)).status).toBe(200);
      const afterwards = await authorisedPaymentConsent(tpp, NOAH, {
        debtorAccountId: 'acc-noah-savings',
        creditorIdentification: AVA_EVERYDAY,
        creditorName: 'Ava Lindqvist',
        amount: '1.00',
        reference: 'After the outage',
      });
      consentIdsReceived.push(afterwards.consent.Data.ConsentId);
      expect(await awaitFinalStatus(tpp, (await submitPayment(tpp, afterwards)).paymentId)).toBe('ACCC');

      // No consent lost or doubled: the consent-service holds exactly those the TPP was given (besides, at most, one
      // per request in flight at the instant NATS died, whose answer was lost with it).
      const { rows } = await consents.query<{ id: string }>('SELECT id FROM consent WHERE client_id = $1', [tpp.clientId]);
      const stored = rows.map((row) => row.id);
      expect(new Set(consentIdsReceived).size).toBe(consentIdsReceived.length);
      expect(stored).toEqual(expect.arrayContaining(consentIdsReceived));
      expect(stored.length - consentIdsReceived.length).toBeLessThanOrEqual(consentsInFlightAtTheOutage);

      // No process of the sandbox exited (NATS is a new one, by design).
      const lost = [...processes].filter(([pid, name]) => name !== 'nats-server' && !isAlive(pid));
      expect(lost).toEqual([]);
    } finally {
      await consents.end();
      await ledger.end();
      await tpp.close();
    }
  }, 85_000);
});

/** The OB answer for "a service the bank relies on is away": 503, U000, Retry-After. */
function isOb503(answer: TrafficAnswer): boolean {
  const body = answer.answer?.body as { Errors?: Array<{ ErrorCode: string }> } | undefined;
  return answer.status === 503 && body?.Errors?.[0]?.ErrorCode === 'U000' && answer.answer?.headers['retry-after'] !== undefined;
}
