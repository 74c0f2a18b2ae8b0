import type { INestApplication } from '@nestjs/common';
import * as cheerio from 'cheerio';
import { decodeJwt } from 'jose';
import { SESSION_COOKIE } from '../session-store';
import { BANK_URL, CONSENT_ID, fapi2, ISSUER, PAYMENT_CONSENT_ID, PAYMENT_ID, PISP, TPP_URL, type TppOverrides } from '../testing/fake-sandbox';
import { ACCOUNTS } from '../testing/ob-fixtures';
import { type Answer, type Call, startApp } from '../testing/fintech-app';

/**
 * The callback answered a redirect to /result (never a page with the bank's answer in its address): follow it, with
 * the session the callback started when the browser came without a valid one.
 */
async function followToResult(call: Call, callback: Answer, cookie: string | undefined): Promise<Answer> {
  expect({ status: callback.status, location: callback.location }).toEqual({ status: 303, location: '/result' });
  return call('GET', '/result', callback.cookie ?? cookie);
}

describe('the fintech pages run the journey with plain forms and redirects, tokens kept server-side', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("the home page names the fintech and offers the connect form, carrying the token of the session it starts", async () => {
    const started = await startApp({});
    app = started.app;
    const home = await started.call('GET', '/');
    const $ = cheerio.load(home.html);
    expect(home.status).toBe(200);
    expect($('.brand-name').text()).toBe('Acme <Budget> & Co');
    expect($('form[action="/connect"][method=post]')).toHaveLength(1);
    expect(home.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; Secure; SameSite=Lax$`));
    expect($('form[action="/connect"] input[type=hidden][name=csrf]').attr('value')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(home.csp).toContain("default-src 'none'");
  });

  it('jarm: connect redirects (303) to the AS with a pushed request, the callback connects and the accounts are shown', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await post('/connect');
    expect(connect.status).toBe(303);
    const authorization = new URL(connect.location as string);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${ISSUER}/auth`);
    expect([...authorization.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(connect.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; Secure; SameSite=Lax$`));

    const pending = pendingAtTheAs(connect);
    const response = await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state });
    const callback = await call('GET', `/callback?${response}`, connect.cookie);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/accounts');
    expect(callback.cookie).not.toBe(connect.cookie);

    const accounts = await call('GET', '/accounts', callback.cookie);
    expect(accounts.status).toBe(200);
    expect(cheerio.load(accounts.html)('section.account[data-account-id]')).toHaveLength(2);
    for (const answer of [connect, callback, accounts]) expect(answer.html).not.toMatch(/cc-token|psu-token/);

    expect((await call('GET', '/accounts', connect.cookie)).location).toBe('/');
  });

  it('a replayed callback finds no pending authorization (400 no_pending_authorization)', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await post('/connect');
    const pending = pendingAtTheAs(connect);
    const response = await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state });
    await call('GET', `/callback?${response}`, connect.cookie);
    const replay = await followToResult(call, await call('GET', `/callback?${response}`, connect.cookie), connect.cookie);
    expect(replay.status).toBe(400);
    expect(cheerio.load(replay.html)('main#error').attr('data-error-code')).toBe('no_pending_authorization');
  });

  it('a callback from a browser without the session is refused (400 no_pending_authorization)', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const pending = pendingAtTheAs(await post('/connect'));
    const callback = await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`);
    expect(callback.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`)); // a session to carry the failure to /result
    const answer = await followToResult(call, callback, callback.cookie);
    expect(answer.status).toBe(400);
    expect(cheerio.load(answer.html)('.error-code').text()).toBe('no_pending_authorization');
  });

  it('jarm: access_denied inside the response shows "You declined to share your accounts" with the code (403)', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await post('/connect');
    const pending = pendingAtTheAs(connect);
    const denied = await followToResult(call, await call('GET', `/callback?${await sandbox.jarm({ error: 'access_denied', state: pending.state })}`, connect.cookie), connect.cookie);
    const $ = cheerio.load(denied.html);
    expect(denied.status).toBe(403);
    expect($('.error-message').text()).toBe('You declined to share your accounts.');
    expect($('.error-code').text()).toBe('access_denied');
  });

  it('hybrid: GET /callback serves the relay page (script allowed by hash only), POST /callback connects', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'hybrid', authMethod: 'tls_client_auth' });
    app = started;
    const connect = await post('/connect');
    expect(new URL(connect.location as string).searchParams.get('response_type')).toBe('code id_token');

    const relay = await call('GET', '/callback', connect.cookie);
    expect(relay.status).toBe(200);
    expect(cheerio.load(relay.html)('form#authorization-response[method=post][action="/callback"]')).toHaveLength(1);
    expect(relay.csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'/);

    const fragment = await sandbox.hybrid(pendingAtTheAs(connect));
    const callback = await call('POST', '/callback', connect.cookie, fragment);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/accounts');
    expect((await call('GET', '/accounts', callback.cookie)).status).toBe(200);
  });

  it('hybrid: access_denied relayed from the fragment shows the decline (403)', async () => {
    const { app: started, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'hybrid' });
    app = started;
    const connect = await post('/connect');
    const { state } = pendingAtTheAs(connect);
    const denied = await followToResult(call, await call('POST', '/callback', connect.cookie, new URLSearchParams({ error: 'access_denied', state })), connect.cookie);
    expect(denied.status).toBe(403);
    expect(cheerio.load(denied.html)('main#error').attr('data-error-code')).toBe('access_denied');
  });

  it('the accounts page without a connection sends the browser home (303 /)', async () => {
    const started = await startApp({});
    app = started.app;
    const answer = await started.call('GET', '/accounts');
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/');
  });
});

describe('another site cannot start a journey in the PSU\'s browser (CSRF, issue 7 finding 6)', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The form the attacker's page posts: a payment to the attacker, as the genuine fintech. */
  const FORGED_PAYMENT = new URLSearchParams({ payeeName: 'Mallory', sortCode: '99-99-99', accountNumber: '66666666', amount: '999.00', reference: 'GIFT' });

  async function expectRefused(answer: { status: number; html: string; location: string | null }, code: string) {
    const $ = cheerio.load(answer.html);
    expect({ status: answer.status, location: answer.location, code: $('main#error').attr('data-error-code') }).toEqual({ status: 403, location: null, code });
    expect($('h1').text()).toBe('This form did not come from our page');
  }

  it.each(['/pay', '/connect', '/disconnect'])('a cross-site POST %s without a token is refused (403 invalid_form_token), nothing reaches the bank', async (path) => {
    const { app: started, sandbox, call } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const home = await call('GET', '/');
    await expectRefused(await call('POST', path, home.cookie, FORGED_PAYMENT), 'invalid_form_token');
    await expectRefused(await call('POST', path, undefined, FORGED_PAYMENT), 'invalid_form_token');
    expect(sandbox.requests).toEqual([]);
  });

  it.each(['/pay', '/connect', '/disconnect'])('POST %s with a wrong token, or another session\'s, is refused (403 invalid_form_token)', async (path) => {
    const { app: started, sandbox, call } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const victim = await call('GET', '/');
    const attacker = await call('GET', '/');
    const attackerToken = cheerio.load(attacker.html)('input[name=csrf]').attr('value') as string;
    for (const csrf of ['wrong', attackerToken]) {
      const form = new URLSearchParams(FORGED_PAYMENT);
      form.set('csrf', csrf);
      await expectRefused(await call('POST', path, victim.cookie, form), 'invalid_form_token');
    }
    expect(sandbox.requests).toEqual([]);
  });

  it.each(['/pay', '/connect', '/disconnect'])('POST %s from a foreign Origin is refused (403 cross_site_form) even with the right token', async (path) => {
    const { app: started, sandbox, call } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const page = await call('GET', '/pay');
    const form = new URLSearchParams(FORGED_PAYMENT);
    form.set('csrf', cheerio.load(page.html)('input[name=csrf]').attr('value') as string);
    const answer = await call('POST', path, page.cookie, form, { origin: 'https://attacker.example' });
    await expectRefused(answer, 'cross_site_form');
    expect(cheerio.load(answer.html)('.error-message').text()).toContain('it was sent from https://attacker.example');
    expect(sandbox.requests).toEqual([]);
  });

  it('our own page\'s post (Origin: the fintech, or null under Referrer-Policy: no-referrer) goes through', async () => {
    const { app: started, call } = await startApp({ responseStyle: 'jarm' });
    app = started;
    for (const origin of [TPP_URL, 'null']) {
      const home = await call('GET', '/');
      const form = new URLSearchParams({ csrf: cheerio.load(home.html)('input[name=csrf]').attr('value') as string });
      expect((await call('POST', '/connect', home.cookie, form, { origin })).status).toBe(303);
    }
  });
});

const PAYMENT_FORM = { payeeName: 'Bob Builder', sortCode: '12-34-56', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' };

describe('a PSU pays through the fintech with plain forms and 303 redirects', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function started(overrides: TppOverrides = {}) {
    const setUp = await startApp({ responseStyle: 'jarm', ...overrides });
    app = setUp.app;
    return setUp;
  }

  it('GET /pay serves the empty form posting to /pay', async () => {
    const { call } = await started();
    const form = await call('GET', '/pay');
    expect(form.status).toBe(200);
    expect(cheerio.load(form.html)('main#make-payment form#payment-form[method=post][action="/pay"]')).toHaveLength(1);
  });

  it('a form with bad fields comes back (400) with every value kept and each message, and nothing reaches the bank', async () => {
    const { sandbox, call, post } = await started();
    const typed = { ...PAYMENT_FORM, sortCode: '12-34', amount: '0' };
    const answer = await post('/pay', undefined, new URLSearchParams(typed));
    const $ = cheerio.load(answer.html);
    expect(answer.status).toBe(400);
    expect($('main#make-payment').attr('data-invalid-fields')).toBe('sortCode amount');
    expect(Object.fromEntries($('#payment-form input[type=text]').map((_, i) => [[$(i).attr('name'), $(i).attr('value')]]).get())).toEqual(typed);
    expect($('.field[data-field=sortCode] .field-error').text()).toBe('Error: A sort code is 6 digits, like 12-34-56.');
    expect($('.field[data-field=amount] .field-error').text()).toBe('Error: The amount must be more than £0.00.');
    expect(sandbox.requests).toEqual([]);
  });

  it.each(['jarm', 'hybrid'] as const)('%s: pay, authorise at the bank, land on the payment page, follow settlement', async (responseStyle) => {
    const { sandbox, call, post, pendingAtTheAs } = await started({ responseStyle, authMethod: responseStyle === 'jarm' ? 'private_key_jwt' : 'tls_client_auth' });
    const pay = await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    expect(pay.status).toBe(303);
    expect(new URL(pay.location as string).pathname).toBe('/auth');
    const pending = pendingAtTheAs(pay);
    expect(pending.consentId).toBe(PAYMENT_CONSENT_ID);

    const callback =
      responseStyle === 'jarm'
        ? await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`, pay.cookie)
        : await call('POST', '/callback', pay.cookie, await sandbox.hybrid(pending));
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(`/payments/${PAYMENT_ID}`);
    expect(callback.cookie).not.toBe(pay.cookie);
    expect(sandbox.payments.get(PAYMENT_ID)?.request.Data.ConsentId).toBe(PAYMENT_CONSENT_ID);

    const received = cheerio.load((await call('GET', `/payments/${PAYMENT_ID}`, callback.cookie)).html);
    expect(received(`main#payment[data-payment-id="${PAYMENT_ID}"]`).attr('data-status')).toBe('RCVD');
    expect(received('meta[http-equiv=refresh]')).toHaveLength(1);
    expect(received('.payee-name').text()).toBe('Bob Builder');
    expect(received('.payment-amount').attr('data-amount')).toBe('12.50');
    expect(received('.payment-reference').text()).toBe('INV-42');

    sandbox.settle(PAYMENT_ID, 'ACSC');
    const settled = await call('GET', `/payments/${PAYMENT_ID}`, callback.cookie);
    expect(settled.status).toBe(200);
    expect(cheerio.load(settled.html)('main#payment').attr('data-status')).toBe('ACSC');
    for (const answer of [pay, callback, settled]) expect(answer.html).not.toMatch(/cc-token|psu-token/);
  });

  it('the authorization request asks for scope openid payments with the payment consent as intent', async () => {
    const { sandbox, call, post } = await started();
    await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const pushed = decodeJwt(new URLSearchParams(sandbox.requests.find((r) => r.url === `${ISSUER}/request`)?.body).get('request') as string);
    expect(pushed.scope).toBe('openid payments');
    expect(pushed.claims).toMatchObject({ id_token: { openbanking_intent_id: { value: PAYMENT_CONSENT_ID, essential: true } } });
  });

  it('a payment is shown only to the browser that made it (404 unknown_payment), and the bank is not asked', async () => {
    const { sandbox, call, post, pendingAtTheAs } = await started();
    const pay = await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const pending = pendingAtTheAs(pay);
    await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`, pay.cookie);
    const reads = () => sandbox.requests.filter((r) => r.method === 'GET' && r.url.startsWith(`${PISP}/domestic-payments/`)).length;

    const stranger = await call('GET', `/payments/${PAYMENT_ID}`, (await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM))).cookie);
    expect(stranger.status).toBe(404);
    expect(cheerio.load(stranger.html)('main#error').attr('data-error-code')).toBe('unknown_payment');
    expect((await call('GET', `/payments/${PAYMENT_ID}`)).status).toBe(404);
    expect(reads()).toBe(0);
  });

  it('a PSU who cancels at the bank sees "You cancelled the payment" (403 access_denied) with the consent id, and no payment is made', async () => {
    const { sandbox, call, post, pendingAtTheAs } = await started();
    const pay = await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const { state } = pendingAtTheAs(pay);
    const denied = await followToResult(call, await call('GET', `/callback?${await sandbox.jarm({ error: 'access_denied', state })}`, pay.cookie), pay.cookie);
    const $ = cheerio.load(denied.html);
    expect(denied.status).toBe(403);
    expect($('main#error').attr('data-error-code')).toBe('access_denied');
    expect($('main#error').attr('data-consent-id')).toBe(PAYMENT_CONSENT_ID);
    expect($('.error-message').text()).toBe('You cancelled the payment.');
    expect(sandbox.payments.size).toBe(0);
  });

  it('a consent answer whose bank signature does not verify stops the payment (502 bank_signature_invalid), the PSU is not sent to the bank', async () => {
    const { sandbox, call, post } = await started();
    sandbox.bankSigning = 'tampered';
    const answer = await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    expect(answer.status).toBe(502);
    expect(answer.location).toBeNull();
    expect(cheerio.load(answer.html)('main#error').attr('data-error-code')).toBe('bank_signature_invalid');
  });

  it('a payment answer whose bank signature does not verify is shown as bank_signature_invalid with the consent id, not as a payment', async () => {
    const { sandbox, call, post, pendingAtTheAs } = await started();
    const pay = await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const pending = pendingAtTheAs(pay);
    sandbox.bankSigning = 'forged';
    const callback = await followToResult(call, await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`, pay.cookie), pay.cookie);
    const $ = cheerio.load(callback.html);
    expect(callback.status).toBe(502);
    expect($('main#error').attr('data-error-code')).toBe('bank_signature_invalid');
    expect($('main#error').attr('data-consent-id')).toBe(PAYMENT_CONSENT_ID);
  });
});

describe('the callback answers with a redirect to a clean address, so the bank\'s answer leaves the address bar', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** A Location that carries nothing of the authorization response. */
  const clean = (location: string | null) => {
    expect(location).toMatch(/^\/[a-z/0-9-]*$/);
    expect(location).not.toMatch(/response=|code=|state=|id_token=|error=/);
  };

  it('jarm: a success answers 303 /accounts, a decline 303 /result, neither with response= in the Location', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    for (const outcome of ['approved', 'declined'] as const) {
      const connect = await post('/connect');
      const pending = pendingAtTheAs(connect);
      const claims = outcome === 'approved' ? { code: sandbox.issueCode(pending), state: pending.state } : { error: 'access_denied', state: pending.state };
      const callback = await call('GET', `/callback?${await sandbox.jarm(claims)}`, connect.cookie);
      expect(callback.status).toBe(303);
      expect(callback.location).toBe(outcome === 'approved' ? '/accounts' : '/result');
      clean(callback.location);
      expect(callback.html).toBe('');
    }
  });

  it('hybrid (form post): a success and a failure both answer 303 to a clean address', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'hybrid', authMethod: 'tls_client_auth' });
    app = started;
    const approved = await post('/connect');
    const success = await call('POST', '/callback', approved.cookie, await sandbox.hybrid(pendingAtTheAs(approved)));
    const declined = await post('/connect');
    const failure = await call('POST', '/callback', declined.cookie, new URLSearchParams({ error: 'access_denied', state: pendingAtTheAs(declined).state }));
    expect([success.status, success.location, failure.status, failure.location]).toEqual([303, '/accounts', 303, '/result']);
    clean(success.location);
    clean(failure.location);
  });

  it('the failure survives the redirect in the session: /result shows it (with the consent), again on reload, and to no other browser', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await post('/connect');
    const pending = pendingAtTheAs(connect);
    await call('GET', `/callback?${await sandbox.jarm({ error: 'access_denied', state: pending.state })}`, connect.cookie);
    for (let reload = 0; reload < 2; reload++) {
      const result = await call('GET', '/result', connect.cookie);
      const $ = cheerio.load(result.html);
      expect(result.status).toBe(403);
      expect([$('main#error').attr('data-error-code'), $('main#error').attr('data-consent-id')]).toEqual(['access_denied', pending.consentId]);
    }
    const stranger = await call('GET', '/result', (await call('GET', '/')).cookie);
    expect([stranger.status, stranger.location]).toEqual([303, '/']);
  });

  it('a new journey clears the last failure: /result then sends the browser home', async () => {
    const { app: started, sandbox, call, post, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await post('/connect');
    await call('GET', `/callback?${await sandbox.jarm({ error: 'access_denied', state: pendingAtTheAs(connect).state })}`, connect.cookie);
    await post('/connect', connect.cookie);
    expect((await call('GET', '/result', connect.cookie)).location).toBe('/');
  });
});

describe('a connected PSU sees accounts in people\'s words and pages through each account\'s transactions', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('the accounts page lists the accounts with their balances, reading no transactions', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    const accounts = await started.call('GET', '/accounts', await started.connected());
    const $ = cheerio.load(accounts.html);
    expect(accounts.status).toBe(200);
    expect($('[data-account-id="acc-001"] .sort-code').text()).toBe('80-20-01');
    expect($('[data-account-id="acc-001"] dd.balance').first().find('.money').text()).toBe('£1,230.00');
    expect(started.sandbox.requests.some((r) => r.url.endsWith('/transactions'))).toBe(false);
  });

  it('an account page shows a page of its transactions, the page asked for in ?page=', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    started.sandbox.transactions['acc-001'] = Array.from({ length: 25 }, (_, i) => ({
      AccountId: 'acc-001',
      TransactionId: `tx-${i + 1}`,
      CreditDebitIndicator: 'Debit' as const,
      Status: 'BOOK',
      BookingDateTime: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      TransactionInformation: 'Coffee',
      Amount: { Amount: '3.20', Currency: 'GBP' },
    }));
    const cookie = await started.connected();
    const second = cheerio.load((await started.call('GET', '/accounts/acc-001?page=2', cookie)).html);
    expect(second('main#account[data-account-id="acc-001"]').attr('data-page')).toBe('2');
    expect(second('tr.transaction').map((_, r) => second(r).attr('data-transaction-id')).get()).toEqual(['tx-5', 'tx-4', 'tx-3', 'tx-2', 'tx-1']);
    expect(second('a[rel=prev]').first().attr('href')).toBe('/accounts/acc-001');
    const beyond = cheerio.load((await started.call('GET', '/accounts/acc-001?page=9', cookie)).html);
    expect(beyond('main#account').attr('data-page')).toBe('2');
  });

  it('an account page without a connection sends the browser home, asking the bank nothing', async () => {
    const started = await startApp({});
    app = started.app;
    const answer = await started.call('GET', '/accounts/acc-001');
    expect([answer.status, answer.location]).toEqual([303, '/']);
    expect(started.sandbox.requests).toEqual([]);
  });
});

describe('a PSU disconnects: the bank deletes the consent, the fintech forgets the tokens and says the access ended', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('DELETE account-access-consents/{ConsentId} with a client-credentials token, then 303 /disconnected', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    const cookie = await started.connected();
    const disconnect = await started.post('/disconnect', cookie);
    expect([disconnect.status, disconnect.location]).toEqual([303, '/disconnected']);
    const deleted = started.sandbox.requests.filter((r) => r.method === 'DELETE');
    expect(deleted.map((r) => [r.url, r.headers.authorization])).toEqual([[`${BANK_URL}/open-banking/v4.0/aisp/account-access-consents/${CONSENT_ID}`, 'Bearer cc-token-accounts']]);

    const page = await started.call('GET', '/disconnected', cookie);
    const $ = cheerio.load(page.html);
    expect(page.status).toBe(200);
    expect($('main#disconnected').attr('data-consent-id')).toBe(CONSENT_ID);
    expect($('.notice').text()).toContain('We can no longer read your accounts.');
  });

  it('the tokens are forgotten: the accounts pages send the browser home and the bank is not asked again', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    const cookie = await started.connected();
    await started.post('/disconnect', cookie);
    const callsAfter = started.sandbox.requests.length;
    for (const path of ['/accounts', '/accounts/acc-001']) expect((await started.call('GET', path, cookie)).location).toBe('/');
    expect(cheerio.load((await started.call('GET', '/', cookie)).html)('#accounts-link')).toHaveLength(0);
    expect(started.sandbox.requests).toHaveLength(callsAfter);
  });

  it('the bank refuses the old token from then on (403)', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    await started.post('/disconnect', await started.connected());
    const oldToken = await started.sandbox.fetch(`${BANK_URL}/open-banking/v4.0/aisp/accounts`, { method: 'GET', headers: { authorization: 'Bearer psu-token' }, redirect: 'manual' } as never);
    expect(oldToken.status).toBe(403);
  });

  it('when the bank\'s answer is lost, the connection is kept and the failure shown (502); disconnecting again completes', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    const cookie = await started.connected();
    started.sandbox.loseNextAnswer('DELETE', `${BANK_URL}/open-banking/v4.0/aisp/account-access-consents/${CONSENT_ID}`);
    const failed = await started.post('/disconnect', cookie);
    expect(failed.status).toBe(502);
    expect(cheerio.load(failed.html)('main#error').attr('data-error-code')).toBe('upstream_unavailable');
    expect(cheerio.load((await started.call('GET', '/', cookie)).html)('#accounts-link')).toHaveLength(1);

    // The bank did end the consent: asked again it answers 400 U009 (already ended), which completes the disconnection.
    const again = await started.post('/disconnect', cookie);
    expect([again.status, again.location]).toEqual([303, '/disconnected']);
    expect((await started.call('GET', '/accounts', cookie)).location).toBe('/');
  });

  it('/disconnected for a browser that never disconnected sends it home', async () => {
    const started = await startApp({});
    app = started.app;
    expect((await started.call('GET', '/disconnected')).location).toBe('/');
  });
});

describe('the payment page follows the payment through the bank\'s payment-details', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('shows the status history with times, the rejection reason in words, and the account that paid', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    const pay = await started.post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const pending = started.pendingAtTheAs(pay);
    const callback = await started.call('GET', `/callback?${await started.sandbox.jarm({ code: started.sandbox.issueCode(pending), state: pending.state })}`, pay.cookie);
    started.sandbox.settle(PAYMENT_ID, 'RJCT', '2026-11-25T12:00:06+00:00', { code: 'AM04', description: 'insufficient funds in the debtor account' });

    const $ = cheerio.load((await started.call('GET', `/payments/${PAYMENT_ID}`, callback.cookie)).html);
    expect($('li.status-step').map((_, li) => [[$(li).attr('data-status'), $(li).find('.status-step-time').text()]]).get()).toEqual([
      ['RCVD', '25 Nov 2026, 12:00:05'],
      ['RJCT', '25 Nov 2026, 12:00:06'],
    ]);
    expect($('.payment-status-reason').text()).toBe('There was not enough money in the account.');
    expect([$('.debtor-name').text(), $('.debtor-sort-code').text(), $('.debtor-account-number').text()]).toEqual(['Mia Lindqvist', '99-00-01', '10000011']);
    const details = started.sandbox.requests.filter((r) => r.url === `${PISP}/domestic-payments/${PAYMENT_ID}/payment-details`);
    expect(details.map((r) => r.headers.authorization)).toEqual(['Bearer cc-token-payments']);
  });

  it('a payment-details answer whose bank signature does not verify is not shown (502 bank_signature_invalid)', async () => {
    const started = await startApp({ responseStyle: 'jarm' });
    app = started.app;
    const pay = await started.post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const pending = started.pendingAtTheAs(pay);
    const callback = await started.call('GET', `/callback?${await started.sandbox.jarm({ code: started.sandbox.issueCode(pending), state: pending.state })}`, pay.cookie);
    started.sandbox.forgedAnswers.add(`${PISP}/domestic-payments/${PAYMENT_ID}/payment-details`);
    const answer = await started.call('GET', `/payments/${PAYMENT_ID}`, callback.cookie);
    expect(answer.status).toBe(502);
    expect(cheerio.load(answer.html)('main#error').attr('data-error-code')).toBe('bank_signature_invalid');
  });
});

describe('the fintech onboarded as a FAPI 2.0 client runs the same journeys, and its pages say how it talks to the bank', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('DPoP-bound, unsigned: connect pushes plain parameters, the plain callback (code, state, iss) connects, the accounts page says "FAPI 2.0 · DPoP-bound"', async () => {
    const started = await startApp(fapi2('dpop', 'unsigned'));
    app = started.app;
    const { sandbox, call, post, pendingAtTheAs } = started;
    const connect = await post('/connect');
    expect(connect.status).toBe(303);
    const callback = await call('GET', `/callback?${sandbox.plain(pendingAtTheAs(connect))}`, connect.cookie);
    expect({ status: callback.status, location: callback.location }).toEqual({ status: 303, location: '/accounts' });

    const accounts = await call('GET', '/accounts', callback.cookie);
    const $ = cheerio.load(accounts.html);
    expect(accounts.status).toBe(200);
    expect($('section.account')).toHaveLength(ACCOUNTS.length);
    expect($('#fintech-protocol').attr('data-standard')).toBe('FAPI 2.0');
    expect($('#fintech-protocol').attr('data-sender-constraint')).toBe('dpop');
    expect($('#fintech-protocol').text()).toBe('Connected as a FAPI 2.0 · DPoP-bound tokens · plain pushed requests, responses checked by their issuer (iss) client.');
    const accountReads = sandbox.requests.filter((r) => r.url.startsWith(`${BANK_URL}/open-banking/v4.0/aisp/accounts`));
    expect(accountReads.every((r) => r.headers.authorization === 'DPoP psu-token' && r.headers.dpop)).toBe(true);
    expect(accounts.html).not.toMatch(/psu-token|cc-token/);
  });

  it('mTLS-bound, signed: a payment goes through JARM and the payment page says "FAPI 2.0 · tokens bound to its certificate"', async () => {
    const started = await startApp({ ...fapi2('mtls', 'signed'), authMethod: 'tls_client_auth' });
    app = started.app;
    const { sandbox, call, post, pendingAtTheAs } = started;
    const pay = await post('/pay', undefined, new URLSearchParams(PAYMENT_FORM));
    const pending = pendingAtTheAs(pay);
    const callback = await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`, pay.cookie);
    expect(callback.location).toBe(`/payments/${PAYMENT_ID}`);

    const $ = cheerio.load((await call('GET', `/payments/${PAYMENT_ID}`, callback.cookie)).html);
    expect($('main#payment').attr('data-status')).toBe('RCVD');
    expect($('#fintech-protocol').text()).toBe('Connected as a FAPI 2.0 · tokens bound to its certificate (mTLS) · signed requests and responses (JAR, JARM) client.');
    expect(sandbox.requests.filter((r) => r.headers.dpop !== undefined)).toEqual([]);
  });
});
