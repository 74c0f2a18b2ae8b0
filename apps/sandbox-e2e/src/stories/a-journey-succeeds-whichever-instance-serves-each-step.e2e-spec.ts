/**
 * Issue 11, "Scaled out: many instances, no state in a process": two instances of the authorization server, of the bank,
 * of consent-service and of the sample fintech over one PostgreSQL and one NATS (the global setup's, and the second
 * ones this story starts), and a PSU's journeys cross them at every step: the PAR goes to AS #1, the browser's login and
 * consent and the token request to AS #2, the bank calls alternate between bank #1 and bank #2; a journey started at
 * fintech #1 comes back to fintech #2 and is shown by fintech #1. Payments accepted by either bank are settled exactly
 * once, by whichever of the two settlement workers (one durable JetStream consumer) takes them, and the ledger neither
 * creates nor loses money.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Agent } from 'undici';
import { SANDBOX_ACCOUNTS } from '@fapi/bank';
import { databaseUrl } from '@fapi/persistence';
import { ClientProxyFactory } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { Requests, type RpcReply, sandboxNatsClient } from '@fapi/nats-contract';
import { Browser, eventually, instanceAgent } from '@fapi/testing';
import { approvedCode, IndependentTpp } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { authorisedPaymentConsent, awaitFinalStatus, submitPayment } from '../support/payments';
import { sandbox } from '../support/sandbox-state';
import { type SecondInstances, startSecondInstances } from '../support/second-instances';

const NOAH = { username: 'noah', password: 'noah-sandbox-pass' };
const MIA = { username: 'mia', password: 'mia-sandbox-pass' };
const AVA = { username: 'ava', password: 'ava-sandbox-pass' };
const SORT_CODE = '990001';
const accountNumber = (accountId: string) => SORT_CODE + (SANDBOX_ACCOUNTS.find((account) => account.accountId === accountId)?.accountNumber ?? '');

/** The JSON lines of a log file (a line that is not JSON fails the story). */
const logLines = (file: string): Array<Record<string, unknown>> =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The route templates of the requests an instance answered (its request log lines). */
const routesAnswered = (logFile: string) => logLines(logFile).filter((line) => line.msg === 'request completed').map((line) => line.route);

describe('a journey succeeds whichever instance of each service serves each of its steps', () => {
  const state = sandbox();
  let second: SecondInstances;
  let tpp: IndependentTpp;
  let ledger: pg.Client;
  /** This TPP's mTLS connections to AS #2 and to bank #2 (its own agent reaches the first instances). */
  let as2: Agent;
  let bank2: Agent;

  beforeAll(async () => {
    second = await startSecondInstances(state);
    tpp = new IndependentTpp(
      onboardFintech('Two Of Everything', ['--redirect-uri', 'https://two.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
    const { certPem, keyPem, caPem } = tpp.onboarded.transport;
    as2 = instanceAgent({ cert: certPem, key: keyPem, ca: caPem }, second.authorizationServer);
    bank2 = instanceAgent({ cert: certPem, key: keyPem, ca: caPem }, second.bank);
    ledger = new pg.Client({ connectionString: databaseUrl('bank', { DATABASE_URL: state.databaseUrl }) });
    await ledger.connect();
  }, 240_000);

  afterAll(async () => {
    await ledger?.end();
    await Promise.all([as2?.close(), bank2?.close(), tpp?.close()]);
    await second?.stop();
  });

  it('Noah shares his accounts: PAR at AS #1, login, consent and token at AS #2, reads alternating between bank #1 and bank #2', async () => {
    const created = await tpp.bank<{ Data: { ConsentId: string } }>('POST', 'account-access-consents', (await tpp.clientCredentialsToken()).access_token, {
      Data: { Permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsBasic', 'ReadTransactionsCredits', 'ReadTransactionsDebits'] },
      Risk: {},
    });
    expect(created.status).toBe(201);
    const creation = created.headers['x-fapi-interaction-id'];
    const { code, verifier } = await approvedCode(tpp, created.body.Data.ConsentId, 'openid accounts', NOAH, { accountIds: ['acc-noah-savings'] }, second.authorizationServer);
    const tokens = await tpp.redeemCode(code, verifier, as2);
    expect(tokens.status).toBe(200);

    const reads = [];
    for (const [resource, bank] of [['accounts', undefined], ['balances', bank2], ['transactions', undefined], ['accounts', bank2], ['balances', undefined], ['transactions', bank2]] as const) {
      const answer = await tpp.bank<{ Data: Record<string, Array<{ AccountId: string }>> }>('GET', resource, tokens.body.access_token, undefined, bank);
      reads.push([resource, answer.status, [...new Set(Object.values(answer.body.Data)[0].map((item) => item.AccountId))]]);
    }
    expect(reads).toEqual(
      ['accounts', 'balances', 'transactions', 'accounts', 'balances', 'transactions'].map((resource) => [resource, 200, ['acc-noah-savings']]),
    );

    // The steps went where the story sent them: AS #2 answered the browser's legs and the token request, never the PAR.
    const secondAs = routesAnswered(second.logs.authorizationServer);
    expect(secondAs).toEqual(expect.arrayContaining(['/auth', '/interaction/:uid', '/interaction/:uid/login', '/interaction/:uid/consent', '/auth/:uid', '/token']));
    expect(secondAs).not.toContain('/request');
    // a request's log line is written when its response has finished, which may be just after the TPP read it
    const bankReads = () => routesAnswered(second.logs.bank).filter((route) => String(route).startsWith('/open-banking/'));
    await eventually(() => (bankReads().length >= 3 ? true : undefined), "bank #2's three request log lines").catch(() => undefined);
    expect(bankReads()).toHaveLength(3);
    // Of the two consent-services, exactly one created the consent (their NATS queue group): never both.
    const creations = [`${state.logsDir}/consent-service.log`, second.logs.consentService]
      .flatMap(logLines)
      .filter((line) => line.interactionId === creation && line.subject === 'consent.account-access.create');
    expect(creations).toHaveLength(1);
  });

  it('a consent both banks read from their caches is refused at its very next read on either, once deleted at bank #1 or revoked at consent-service', async () => {
    const ccToken = (await tpp.clientCredentialsToken()).access_token;
    const consentedToken = async () => {
      const created = await tpp.bank<{ Data: { ConsentId: string } }>('POST', 'account-access-consents', ccToken, { Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} });
      expect(created.status).toBe(201);
      const consentId = created.body.Data.ConsentId;
      const { code, verifier } = await approvedCode(tpp, consentId, 'openid accounts', NOAH, { accountIds: ['acc-noah-savings'] });
      const tokens = await tpp.redeemCode(code, verifier);
      expect(tokens.status).toBe(200);
      return { consentId, token: tokens.body.access_token };
    };
    type Refusal = { Errors?: Array<{ ErrorCode: string }> };
    const readAtBoth = async (token: string) =>
      Promise.all([undefined, bank2].map(async (bank) => {
        const answer = await tpp.bank<Refusal>('GET', 'accounts', token, undefined, bank);
        return [answer.status, answer.body.Errors?.[0]?.ErrorCode];
      }));

    // Deleted through bank #1: its 204 comes once no bank instance serves the consent from its cache, so bank #2's
    // very next read asks consent-service (the bank's own record, not consent-service's announcement, makes it so).
    const deleted = await consentedToken();
    expect(await readAtBoth(deleted.token)).toEqual([[200, undefined], [200, undefined]]); // each bank caches it now
    expect((await tpp.bank('DELETE', `account-access-consents/${deleted.consentId}`, ccToken)).status).toBe(204);
    const atBank2 = await tpp.bank<Refusal>('GET', 'accounts', deleted.token, undefined, bank2);
    expect([atBank2.status, atBank2.body.Errors?.[0]?.ErrorCode]).toEqual([403, 'U009']);
    expect(await readAtBoth(deleted.token)).toEqual([[403, 'U009'], [403, 'U009']]);

    // Revoked at consent-service by the ASPSP, without the bank's API: consent-service announces it, and every bank
    // instance (each hearing the announcement, not one of their queue group) forgets the consent.
    const revoked = await consentedToken();
    expect(await readAtBoth(revoked.token)).toEqual([[200, undefined], [200, undefined]]);
    const nats = ClientProxyFactory.create(sandboxNatsClient({ natsUrl: state.natsUrl, sandboxId: state.sandboxId }));
    try {
      const reply = await firstValueFrom(nats.send<RpcReply<unknown>>(Requests.revokeAccountAccessConsent, { consentId: revoked.consentId, revokedBy: 'ASPSP' }));
      expect(reply.ok).toBe(true);
    } finally {
      await nats.close();
    }
    expect(await eventually(async () => {
      const reads = await readAtBoth(revoked.token);
      return reads.every(([status]) => status === 403) ? reads : undefined;
    }, 'both banks to refuse the revoked consent')).toEqual([[403, 'U009'], [403, 'U009']]);
  });

  it('Ava connects at fintech #1, the bank sends her back to fintech #2, which completes the journey; fintech #1 shows its every step and refuses the callback replayed to it', async () => {
    const { tppUrl } = state;
    const ava = new Browser(readFileSync(path.join(state.certsDir, 'ca.pem'), 'utf8'));
    try {
      // POST /connect at fintech #1: the session, the PAR and the pending authorization (PKCE verifier, state, nonce)
      const login = await ava.submit(await ava.open(`${tppUrl}/`), 'form[action="/connect"]');
      const consent = await ava.submit(login, 'form[action$="/login"]', AVA);
      await ava.reach(second.fintech);
      const accounts = await ava.submit(consent, 'form[action$="/consent"]', { accountIds: ['acc-ava-travel'] }, '[value=approve]');
      expect(accounts.url).toBe(`${tppUrl}/accounts`);
      expect(accounts.$('section.account').map((_, section) => accounts.$(section).attr('data-account-id')).get()).toEqual(['acc-ava-travel']);
      const callback = ava.history.find((url) => url.startsWith(`${tppUrl}/callback?`)) as string;
      expect(new URL(callback).searchParams.has('response')).toBe(true); // JARM
      // Fintech #2 took the callback and served the accounts page; it never saw the journey start. (The accounts page's
      // log line is written when its response has finished, which may be just after the browser read it.)
      await eventually(() => (routesAnswered(second.logs.fintech).includes('/accounts') ? true : undefined), "fintech #2's log line of the accounts page").catch(
        () => undefined,
      );
      const secondFintech = routesAnswered(second.logs.fintech);
      expect(secondFintech).toEqual(expect.arrayContaining(['/callback', '/accounts']));
      expect(secondFintech).not.toContain('/connect');

      await ava.reach({});
      const inspector = await ava.open(new URL(accounts.$('#inspector-link').attr('href') as string, tppUrl).href);
      expect({ status: inspector.status, outcome: inspector.$('main').attr('data-outcome') }).toEqual({ status: 200, outcome: 'ok' });
      const kinds = inspector.$('ol.inspector-steps > li').map((_, step) => inspector.$(step).attr('data-kind')).get();
      expect(kinds).toEqual(expect.arrayContaining(['account-access-consent', 'par', 'authorization', 'callback', 'code-exchange', 'account-read']));
      expect(kinds.indexOf('par')).toBeLessThan(kinds.indexOf('callback'));
      expect(routesAnswered(second.logs.fintech)).not.toContain('/journeys/:file');

      // The authorization was taken once, by fintech #2: the same callback brought to fintech #1 finds none.
      const replayed = await ava.open(callback);
      expect({ url: replayed.url, code: replayed.$('main').attr('data-error-code') }).toEqual({ url: `${tppUrl}/result`, code: 'no_pending_authorization' });
    } finally {
      await ava.close();
    }
  });

  it('payments accepted by bank #1 and by bank #2 are each settled exactly once, and the ledger still balances', async () => {
    const totalBefore = await totalMoney();
    const toAva = await authorisedPaymentConsent(tpp, NOAH, {
      debtorAccountId: 'acc-noah-savings',
      creditorIdentification: accountNumber('acc-ava-savings'),
      creditorName: 'Ava Lindqvist',
      amount: '2.50',
      reference: 'Two banks one',
    });
    const toNoah = await authorisedPaymentConsent(tpp, MIA, {
      debtorAccountId: 'acc-mia-everyday',
      creditorIdentification: accountNumber('acc-noah-savings'),
      creditorName: 'Noah Okafor',
      amount: '1.25',
      reference: 'Two banks two',
    });

    const atBank1 = await submitPayment(tpp, toAva);
    const atBank2 = await submitPayment(tpp, toNoah, bank2);

    expect([await awaitFinalStatus(tpp, atBank1.paymentId), await awaitFinalStatus(tpp, atBank2.paymentId)]).toEqual(['ACCC', 'ACCC']);
    const postings = await ledger.query<{ payment_id: string; account_id: string; credit_debit: string; amount_minor: number }>(
      'SELECT payment_id, account_id, credit_debit, amount_minor FROM posting WHERE payment_id = ANY($1)',
      [[atBank1.paymentId, atBank2.paymentId]],
    );
    expect(postings.rows).toHaveLength(4);
    expect(postings.rows).toEqual(
      expect.arrayContaining([
        { payment_id: atBank1.paymentId, account_id: 'acc-noah-savings', credit_debit: 'Debit', amount_minor: 250 },
        { payment_id: atBank1.paymentId, account_id: 'acc-ava-savings', credit_debit: 'Credit', amount_minor: 250 },
        { payment_id: atBank2.paymentId, account_id: 'acc-mia-everyday', credit_debit: 'Debit', amount_minor: 125 },
        { payment_id: atBank2.paymentId, account_id: 'acc-noah-savings', credit_debit: 'Credit', amount_minor: 125 },
      ]),
    );
    const settledTimes = await ledger.query<{ payment_id: string; settled: number }>(
      `SELECT payment_id, count(*)::int AS settled FROM domestic_payment_status_change WHERE payment_id = ANY($1) AND to_status = 'ACCC' GROUP BY payment_id`,
      [[atBank1.paymentId, atBank2.paymentId]],
    );
    expect(settledTimes.rows).toHaveLength(2);
    expect(settledTimes.rows.every((row) => row.settled === 1)).toBe(true);

    // Every payment moves money between two accounts of the ledger (a payee elsewhere: the clearing account), so the
    // sum of all balances never changes, whatever else runs; and each balance is its opening plus its postings.
    expect(await totalMoney()).toBe(totalBefore);
    const drifted = await ledger.query(
      `SELECT a.account_id FROM account a LEFT JOIN posting p ON p.account_id = a.account_id
       GROUP BY a.account_id, a.balance_minor, a.opening_balance_minor
       HAVING a.balance_minor <> a.opening_balance_minor + COALESCE(sum(CASE p.credit_debit WHEN 'Credit' THEN p.amount_minor ELSE -p.amount_minor END), 0)`,
    );
    expect(drifted.rows).toEqual([]);
  });

  async function totalMoney(): Promise<number> {
    const { rows } = await ledger.query<{ total: string }>('SELECT sum(balance_minor) AS total FROM account');
    return Number(rows[0].total);
  }
});
