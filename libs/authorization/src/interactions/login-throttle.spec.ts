import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type Counter, register } from 'prom-client';
import { Browser, type Page } from '@fapi/testing';
import { AuthorizationServerHarness } from '../testing/authorization-server-harness';
import { PSU } from '../testing/fake-bank-customers';
import { expectPage, pushAuthorizationRequest } from '../testing/psu-journey';
import type { TestTpp } from '../testing/test-tpp';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

/** Short enough to wait out in a test: a PSU waits after 2 failures and is locked at 4, an address locked at 5. */
const THROTTLE: LoginThrottleOptions = {
  perPsu: { delayAfter: 2, lockAfter: 4 },
  perAddress: { delayAfter: 100, lockAfter: 5 },
  firstDelayMs: 1000,
  lockMs: 3000,
  forgetAfterMs: 60_000,
};

const WRONG_PASSWORD = 'The username or password is not right.';

async function counted(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = register.getSingleMetric(name) as Counter | undefined;
  const values = (await metric?.get())?.values ?? [];
  return values.filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted)).reduce((sum, v) => sum + v.value, 0);
}

/** The time the lock page names, waited out. */
async function waitUntilNamed(page: Page): Promise<void> {
  const until = Date.parse(String(page.$('time').attr('datetime')));
  await sleep(Math.max(0, until - Date.now()) + 100);
}

function expectThrottled(page: Page): void {
  expect({ status: page.status, type: page.headers['content-type'], heading: page.$('h1').text() }).toEqual({
    status: 429,
    type: 'text/html; charset=utf-8',
    heading: 'Too many sign-in attempts',
  });
  expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
  expect(page.$('main').text()).toMatch(/Try again after \d{2}:\d{2}:\d{2} UK time \(in \d+ seconds\)/);
}

describe('the bank login throttles password guessing per PSU and per address (issue 7, finding 5)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_login_throttle', { loginThrottle: THROTTLE });
  const browsers: Browser[] = [];
  let tpp: TestTpp;

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await tpp?.connection.close();
    await server.stop();
  });

  /** A browser connecting from `address` (one of the loopback's), on the login page of a fresh authorisation. */
  async function loginPageFrom(address: string): Promise<{ browser: Browser; login: Page }> {
    const browser = new Browser(server.pki.caPem, { localAddress: address }).stayWithin(server.issuer);
    browsers.push(browser);
    const { url } = await pushAuthorizationRequest(tpp, server.createConsent(tpp.clientId).consentId);
    return { browser, login: expectPage(await browser.open(url)) };
  }

  /** Signs in with `password` on `page`; answers the next page. */
  const signIn = (browser: Browser, page: Page, username: string, password: string) => browser.submit(page, 'form', { username, password });

  it('wrong passwords make each next attempt wait longer, then lock the PSU: even the right password waits out the lock', async () => {
    const lockoutsBefore = await counted('fapi_login_lockouts_total');
    const failuresBefore = await counted('fapi_login_failures_total', { reason: 'invalid_credentials' });
    const { browser, login } = await loginPageFrom('127.0.0.11');

    const first = await signIn(browser, login, PSU.username, 'wrong-1');
    expect(first.status).toBe(200);
    const second = await signIn(browser, first, PSU.username, 'wrong-2');
    expect(second.$('[role=alert]').text()).toBe(WRONG_PASSWORD);
    const delayed = await signIn(browser, second, PSU.username, PSU.password);
    expectThrottled(delayed);
    expect(delayed.$('body').text()).toContain('(in 1 seconds)');

    await waitUntilNamed(delayed);
    const third = await signIn(browser, second, PSU.username, 'wrong-3');
    expect(third.$('[role=alert]').text()).toBe(WRONG_PASSWORD);
    const longer = await signIn(browser, third, PSU.username, PSU.password);
    expectThrottled(longer);
    expect(longer.$('body').text()).toContain('(in 2 seconds)');

    await waitUntilNamed(longer);
    const fourth = await signIn(browser, third, PSU.username, 'wrong-4');
    expect(fourth.status).toBe(200);
    const locked = await signIn(browser, fourth, PSU.username, PSU.password);
    expectThrottled(locked);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(2);
    expect(await counted('fapi_login_lockouts_total')).toBe(lockoutsBefore + 1);
    expect(await counted('fapi_login_failures_total', { reason: 'invalid_credentials' })).toBe(failuresBefore + 4);
    expect(await counted('fapi_login_failures_total', { reason: 'throttled' })).toBeGreaterThanOrEqual(3);

    await waitUntilNamed(locked);
    const consent = await signIn(browser, fourth, PSU.username, PSU.password);
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('Share your account information');
  });

  it("a sign-in forgets the PSU's failures: the next wrong password counts from zero", async () => {
    const before = await loginPageFrom('127.0.0.16');
    const failed = await signIn(before.browser, before.login, PSU.username, 'wrong-1');
    expect(failed.$('[role=alert]').text()).toBe(WRONG_PASSWORD);
    expect((await signIn(before.browser, failed, PSU.username, PSU.password)).html).toContain('Share your account information');

    const after = await loginPageFrom('127.0.0.16');
    const failedAgain = await signIn(after.browser, after.login, PSU.username, 'wrong-2');
    expect(failedAgain.$('[role=alert]').text()).toBe(WRONG_PASSWORD);
    // Two failures on record would make this attempt wait (delayAfter 2): the first was forgotten.
    expect((await signIn(after.browser, failedAgain, PSU.username, PSU.password)).html).toContain('Share your account information');
  });

  it('the lock holds in every instance: it is kept in the database, not in one process', async () => {
    const { browser, login } = await loginPageFrom('127.0.0.12');
    let page = login;
    for (const password of ['wrong-1', 'wrong-2']) page = await signIn(browser, page, 'olivia', password);
    const pool = new pg.Pool({ connectionString: server.options.databaseUrl });
    try {
      const anotherInstance = new LoginThrottle(pool, THROTTLE);
      await expect(anotherInstance.standing({ username: 'olivia', address: '192.0.2.1' })).resolves.toEqual({ blockedUntil: expect.any(Date), psuHasFailures: true });
      await expect(anotherInstance.standing({ username: PSU.username, address: '192.0.2.1' })).resolves.toEqual({ blockedUntil: undefined, psuHasFailures: false });
    } finally {
      await pool.end();
    }
  });

  it('a PSU locked out leaves another PSU at the same address signing in', async () => {
    const { browser, login } = await loginPageFrom('127.0.0.13');
    let page = login;
    for (const password of ['wrong-1', 'wrong-2']) page = await signIn(browser, page, 'zoe', password);
    expectThrottled(await signIn(browser, page, 'zoe', 'wrong-3'));

    const consent = await signIn(browser, page, PSU.username, PSU.password);
    expect(consent.html).toContain('Share your account information');
  });

  it('an address trying many usernames is locked, while the same PSU from another address signs in', async () => {
    const { browser, login } = await loginPageFrom('127.0.0.14');
    let page = login;
    for (const username of ['ava', 'ben', 'cat', 'dan', 'eve']) page = await signIn(browser, page, username, 'guess');
    expectThrottled(await signIn(browser, page, PSU.username, PSU.password));

    const elsewhere = await loginPageFrom('127.0.0.15');
    const consent = await signIn(elsewhere.browser, elsewhere.login, PSU.username, PSU.password);
    expect(consent.html).toContain('Share your account information');
  });
});
