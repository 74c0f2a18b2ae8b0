import pg from 'pg';
import { databaseUrl } from '@fapi/persistence';
import { bookedBalance } from '../support/balances';
import { grantAccountAccess, IndependentTpp } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { authorisedPaymentConsent, awaitFinalStatus, submitPayment } from '../support/payments';
import { startBankAgain } from '../support/bank-restart';
import { sandbox } from '../support/sandbox-state';
import { currentPid } from '../support/service-processes';

const NOAH = { username: 'noah', password: 'noah-sandbox-pass' };

/** Ends when the process with this id is gone. */
async function killed(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (let check = 0; check < 100; check++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} survived SIGKILL`);
}

describe('a payment the bank accepted is settled even if the bank crashes before settling it', () => {
  it('Noah’s payment, accepted just before bank-api is killed, settles once the bank is back', async () => {
    const state = sandbox();
    const tpp = new IndependentTpp(
      onboardFintech('Crash Test Payments', ['--redirect-uri', 'https://crash.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm', '--alg', 'PS256']),
    );
    // The debtor's account row, locked by the test, holds the settlement worker before it can post anything: the
    // payment is stored (RCVD) and queued on JetStream, but not settled, when the process dies.
    const ledger = new pg.Client({ connectionString: databaseUrl('bank', { DATABASE_URL: state.databaseUrl }) });
    await ledger.connect();
    try {
      const reads = (await grantAccountAccess(tpp, { ...NOAH, accountIds: ['acc-noah-savings'] }, ['ReadAccountsBasic', 'ReadBalances'])).tokens;
      const before = await bookedBalance(tpp, reads.access_token, 'acc-noah-savings');
      const authorised = await authorisedPaymentConsent(tpp, NOAH, {
        debtorAccountId: 'acc-noah-savings',
        creditorIdentification: '99000110000021',
        creditorName: 'Ava Lindqvist',
        amount: '64.00',
        reference: 'Crash test',
      });

      await ledger.query('BEGIN');
      await ledger.query(`SELECT 1 FROM account WHERE account_id = 'acc-noah-savings' FOR NO KEY UPDATE`); // blocks the worker's FOR UPDATE, not the payment row's foreign-key check
      const accepted = await submitPayment(tpp, authorised);
      expect(accepted.status).toBe('RCVD');

      await killed(currentPid(state, 'bank-api')); // another story may have restarted it
      await ledger.query('ROLLBACK');

      await startBankAgain(state, 'bank-api-restarted');

      expect(await awaitFinalStatus(tpp, accepted.paymentId)).toBe('ACCC');
      expect(await bookedBalance(tpp, reads.access_token, 'acc-noah-savings')).toBe(before - 6400);
    } finally {
      await ledger.end();
      await tpp.close();
    }
  });
});
