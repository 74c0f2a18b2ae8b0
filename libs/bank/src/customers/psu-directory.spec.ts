import pg from 'pg';
import { Requests } from '@fapi/nats-contract';
import { startBankUnderTest, type BankUnderTest } from '../testing/bank-under-test';
import { hashPassword } from './password-hash';

describe('the authorization server logs PSUs in and lists their accounts over NATS', () => {
  let bank: BankUnderTest;
  beforeAll(async () => {
    bank = await startBankUnderTest({ name: 'psu_directory' });
  }, 60_000);
  afterAll(() => bank?.stop());

  it('a seeded customer logs in with the documented password', async () => {
    await expect(bank.natsRequest(Requests.authenticatePsu, { username: 'mia', password: 'mia-sandbox-pass' })).resolves.toEqual({
      ok: true,
      value: { psuId: 'psu-mia', name: 'Mia Hartley' },
    });
  });

  it('an unknown user and a wrong password get the same refusal', async () => {
    const wrongPassword = await bank.natsRequest(Requests.authenticatePsu, { username: 'mia', password: 'noah-sandbox-pass' });
    const unknownUser = await bank.natsRequest(Requests.authenticatePsu, { username: 'zoe', password: 'mia-sandbox-pass' });
    expect(wrongPassword).toEqual({ ok: false, error: { code: 'INVALID', message: 'unknown username or wrong password' } });
    expect(unknownUser).toEqual(wrongPassword);
  });

  it('a malformed login request is refused the same way', async () => {
    const reply = await bank.natsRequest(Requests.authenticatePsu, { username: 'mia' } as never);
    expect(reply).toEqual({ ok: false, error: { code: 'INVALID', message: 'unknown username or wrong password' } });
  });

  it('a username or password with a control character, or too long, is refused before any query', async () => {
    const refused = { ok: false, error: { code: 'INVALID', message: 'unknown username or wrong password' } };
    for (const credentials of [
      { username: 'mia\u0000', password: 'mia-sandbox-pass' },
      { username: 'mia', password: 'mia-sandbox-pass\u0000' },
      { username: 'mia\u001b', password: 'mia-sandbox-pass' },
      { username: 'm'.repeat(65), password: 'mia-sandbox-pass' },
      { username: 'mia', password: 'p'.repeat(1025) },
    ]) {
      await expect(bank.natsRequest(Requests.authenticatePsu, credentials)).resolves.toEqual(refused);
    }
  });

  it("a NUL username sent alongside other PSUs' logins does not fail theirs", async () => {
    const mia = () => bank.natsRequest(Requests.authenticatePsu, { username: 'mia', password: 'mia-sandbox-pass' });
    const noah = () => bank.natsRequest(Requests.authenticatePsu, { username: 'noah', password: 'noah-sandbox-pass' });
    const nul = () => bank.natsRequest(Requests.authenticatePsu, { username: '\u0000', password: 'x' });
    const replies = await Promise.allSettled([mia(), nul(), noah(), nul(), mia(), noah()]);
    expect(replies.map((reply) => (reply.status === 'fulfilled' ? reply.value.ok : reply.reason))).toEqual([true, false, true, false, true, true]);
  });

  it('lists the seeded test customers for the sign-in page, each able to sign in with the password it shows', async () => {
    const reply = await bank.natsRequest(Requests.listTestCustomers, {});
    expect(reply).toEqual({
      ok: true,
      value: [
        { name: 'Mia Hartley', username: 'mia', password: 'mia-sandbox-pass' },
        { name: 'Noah Okafor', username: 'noah', password: 'noah-sandbox-pass' },
        { name: 'Ava Lindqvist', username: 'ava', password: 'ava-sandbox-pass' },
      ],
    });
    for (const { username, password, name } of reply.ok ? reply.value : []) {
      await expect(bank.natsRequest(Requests.authenticatePsu, { username, password })).resolves.toMatchObject({ ok: true, value: { name } });
    }
  });

  it('the published test customers are hashed at the published cost, a customer added with a secret password at the secret cost', async () => {
    const database = new pg.Client({ connectionString: bank.databaseUrl });
    await database.connect();
    try {
      const { rows } = await database.query<{ username: string; password_hash: string }>('SELECT username, password_hash FROM customer ORDER BY username');
      expect(rows.map((row) => [row.username, row.password_hash.split('$').slice(0, 4).join('$')])).toEqual([
        ['ava', 'scrypt$1024$8$1'],
        ['mia', 'scrypt$1024$8$1'],
        ['noah', 'scrypt$1024$8$1'],
      ]);
      const secretHash = await hashPassword('a secret a bank engineer chose');
      expect(secretHash).toMatch(/^scrypt\$16384\$8\$1\$/);
      await database.query("INSERT INTO customer (psu_id, username, name, password_hash) VALUES ('psu-lena', 'lena', 'Lena Park', $1)", [secretHash]);
      await expect(bank.natsRequest(Requests.authenticatePsu, { username: 'lena', password: 'a secret a bank engineer chose' })).resolves.toEqual({
        ok: true,
        value: { psuId: 'psu-lena', name: 'Lena Park' },
      });
      await expect(bank.natsRequest(Requests.authenticatePsu, { username: 'lena', password: 'mia-sandbox-pass' })).resolves.toEqual({
        ok: false,
        error: { code: 'INVALID', message: 'unknown username or wrong password' },
      });
      // a customer without accounts yet is known: an empty list, not NOT_FOUND
      await expect(bank.natsRequest(Requests.listPsuAccounts, { psuId: 'psu-lena' })).resolves.toEqual({ ok: true, value: [] });
    } finally {
      await database.query("DELETE FROM customer WHERE psu_id = 'psu-lena'");
      await database.end();
    }
  });

  it("lists a PSU's accounts as the consent page shows them", async () => {
    await expect(bank.natsRequest(Requests.listPsuAccounts, { psuId: 'psu-noah' })).resolves.toEqual({
      ok: true,
      value: [
        { accountId: 'acc-noah-business', nickname: 'Okafor Design Ltd', currency: 'GBP', displayIdentifier: '99-00-01 10000013' },
        { accountId: 'acc-noah-everyday', nickname: 'Main account', currency: 'GBP', displayIdentifier: '99-00-01 10000011' },
        { accountId: 'acc-noah-savings', nickname: 'House deposit', currency: 'GBP', displayIdentifier: '99-00-01 10000012' },
      ],
    });
  });

  it('an unknown PSU has no accounts to list', async () => {
    await expect(bank.natsRequest(Requests.listPsuAccounts, { psuId: 'psu-nobody' })).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no customer psu-nobody' },
    });
  });
});
