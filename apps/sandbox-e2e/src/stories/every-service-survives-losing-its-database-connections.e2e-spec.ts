import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DATABASE_OWNERS, databaseUrl } from '@fapi/persistence';
import { grantAccountAccess, IndependentTpp } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { authorisedPaymentConsent, awaitFinalStatus, submitPayment } from '../support/payments';
import { sandbox } from '../support/sandbox-state';
import { isAlive, runningSandboxProcesses } from '../support/service-processes';
import { described, SteadyTraffic, type TrafficAnswer } from '../support/steady-traffic';

const MIA = { username: 'mia', password: 'mia-sandbox-pass' };
// Money moves only between accounts other stories check relatively (never acc-noah-everyday, acc-noah-business,
// acc-mia-savings or acc-ava-travel, whose seeded balances they assert): Mia's everyday account to Ava's savings.
const AVA_SAVINGS = '99000110000022';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What an operator's `pg_terminate_backend`, a failover or a restarted PostgreSQL does to every service at once: all
 * their server processes end (error 57P01, socket closed). Returns how many there were.
 */
async function terminateEveryBackend(admin: pg.Client, databases: string[]): Promise<number> {
  const { rows } = await admin.query<{ terminated: boolean }>(
    'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
    [databases],
  );
  return rows.filter((row) => row.terminated).length;
}

/** A refusal as the protocol prescribes: an OBErrorResponse1 from the bank (U000 for a 5xx), an OAuth error from the AS. */
function isCleanRefusal({ kind, answer }: TrafficAnswer): boolean {
  if (!answer) return false;
  if (kind.startsWith('AS')) return typeof (answer.body as { error?: unknown })?.error === 'string';
  const errors = (answer.body as { Errors?: Array<{ ErrorCode: string }> } | undefined)?.Errors ?? [];
  return errors.length > 0 && (answer.status < 500 || errors.every((error) => error.ErrorCode === 'U000'));
}

describe('every service survives losing its database connections', () => {
  it('PostgreSQL drops every service’s connections five times under traffic: no process exits, every request gets a clean answer, the next journey succeeds', async () => {
    const state = sandbox();
    const tpp = new IndependentTpp(
      onboardFintech('Failover Watch', ['--redirect-uri', 'https://failover.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
    const server = new URL(state.databaseUrl);
    server.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    const databases = DATABASE_OWNERS.map((owner) => new URL(databaseUrl(owner, { DATABASE_URL: state.databaseUrl })).pathname.slice(1));
    const processes = runningSandboxProcesses(state);
    try {
      const reads = await grantAccountAccess(tpp, { ...MIA, accountIds: ['acc-mia-everyday'] }, ['ReadAccountsBasic', 'ReadBalances']);
      const accountsToken = (await tpp.clientCredentialsToken('accounts')).access_token;
      const paymentsToken = (await tpp.clientCredentialsToken('payments')).access_token;
      const { token_endpoint } = await tpp.discovery();
      const traffic = new SteadyTraffic([
        { kind: 'bank: read accounts', send: () => tpp.bank('GET', 'accounts', reads.tokens.access_token) },
        { kind: 'bank: read balances', send: () => tpp.bank('GET', 'balances', reads.tokens.access_token) },
        { kind: 'bank: create consent', send: () => tpp.bank('POST', 'account-access-consents', accountsToken, { Data: { Permissions: ['ReadAccountsBasic'] }, Risk: {} }) },
        { kind: 'AS: client token', send: async () => tpp.postForm(token_endpoint, { grant_type: 'client_credentials', scope: 'accounts', ...(await tpp.clientAuthentication()) }) },
        {
          kind: 'bank: create payment consent',
          send: () =>
            tpp.pisp('POST', 'domestic-payment-consents', paymentsToken, {
              Data: {
                Initiation: {
                  InstructionIdentification: 'failover',
                  EndToEndIdentification: 'failover',
                  InstructedAmount: { Amount: '1.00', Currency: 'GBP' },
                  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: AVA_SAVINGS, Name: 'Ava Lindqvist' },
                },
              },
              Risk: {},
            }, { idempotencyKey: randomUUID() }),
        },
      ], { lanes: 3, everyMs: 150 });

      let terminated = 0;
      let answers: TrafficAnswer[];
      try {
        await sleep(1000);
        for (let round = 0; round < 5; round++) {
          terminated += await terminateEveryBackend(admin, databases);
          await sleep(300);
        }
        await sleep(1000);
      } finally {
        answers = await traffic.stop();
      }

      expect(terminated).toBeGreaterThan(0);
      expect(answers.length).toBeGreaterThan(20);
      // Every request was answered (no reset socket, no hang), and every refusal is the protocol's own error.
      expect(answers.filter((answer) => answer.status === 'failed' || answer.endedAt - answer.startedAt >= 5000).map(described)).toEqual([]);
      expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 201 && !isCleanRefusal(answer)).map(described)).toEqual([]);

      // The next requests of a full journey succeed: consent, authorisation, accounts, and a payment that settles.
      const again = await grantAccountAccess(tpp, { ...MIA, accountIds: ['acc-mia-savings'] }, ['ReadAccountsBasic']);
      expect((await tpp.bank('GET', 'accounts', again.tokens.access_token)).status).toBe(200);
      const payment = await submitPayment(
        tpp,
        await authorisedPaymentConsent(tpp, MIA, {
          debtorAccountId: 'acc-mia-everyday',
          creditorIdentification: AVA_SAVINGS,
          creditorName: 'Ava Lindqvist',
          amount: '2.00',
          reference: 'After the failover',
        }),
      );
      expect(await awaitFinalStatus(tpp, payment.paymentId)).toBe('ACCC');

      // No process of the sandbox exited.
      expect([...processes].filter(([pid]) => !isAlive(pid))).toEqual([]);
    } finally {
      await admin.end();
      await tpp.close();
    }
  }, 85_000);
});
