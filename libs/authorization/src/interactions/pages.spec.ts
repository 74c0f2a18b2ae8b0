import * as cheerio from 'cheerio';
import type { TestCustomer } from '@fapi/nats-contract';
import { PSU_ACCOUNTS } from '../testing/fake-bank-customers';
import { accountAccessConsentFor, paymentConsentFor } from '../testing/consent-fixtures';
import { accountAccessConsentPage } from './account-access-consent-page';
import { loginPage, logoutPage, oauthErrorPage, problemPage, signedOutPage, tooManyAttemptsPage } from './pages';
import { paymentConsentPage } from './payment-consent-page';

const TEST_CUSTOMERS: TestCustomer[] = [
  { name: 'Mia Hartley', username: 'mia', password: 'mia-sandbox-pass' },
  { name: 'Noah Okafor', username: 'noah', password: 'noah-sandbox-pass' },
];
const RULES_PAGE = 'https://as.localhost/docs/rules';
/** What consent-service adds to a consent it creates. */
const MADE = { creationDateTime: '2026-01-01T00:00:00Z', statusUpdateDateTime: '2026-01-01T00:00:00Z' };
const login = (extra: Partial<Parameters<typeof loginPage>[0]> = {}) =>
  cheerio.load(loginPage({ uid: 'u1', formToken: 'form-token', clientName: 'Sandbox Fintech', testCustomers: TEST_CUSTOMERS, ...extra }).value);

// Escaping itself (the five HTML-significant characters) is pinned where it lives: libs/web-pages/src/html.spec.ts.
describe('interaction pages escape everything they show', () => {
  it('the login page escapes the TPP name and the typed username', () => {
    const html = loginPage({ uid: 'u1', formToken: 'form-token', clientName: '<script>alert(1)</script>', testCustomers: [], username: '"><img src=x>' }).value;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('"><img');
  });

  it('the error page links the rule its description cites on the rules page', () => {
    const description = 'response_type is token; FAPI 2.0 Security Profile 5.3.2.2-1: response_type is code (rule fapi2.authorization.response-type-code)';
    const page = cheerio.load(oauthErrorPage({ error: 'invalid_request', error_description: description }, RULES_PAGE).value);
    expect(page('#rules-page').attr('href')).toBe(`${RULES_PAGE}#fapi2.authorization.response-type-code`);
  });

  it('the error page escapes what oidc-provider reports', () => {
    expect(oauthErrorPage({ error: 'invalid_request', error_description: '<script>' }, RULES_PAGE).value).not.toContain('<script>');
  });
});

describe("each of the bank's pages says in one line where the PSU is in the journey", () => {
  it.each([
    ['the sign-in page', () => login(), 'Sandbox Bank · step 1 of 3: sign in'],
    ['the throttled sign-in page', () => cheerio.load(tooManyAttemptsPage(new Date(60_000), new Date(0)).value), 'Sandbox Bank · step 1 of 3: sign in'],
    [
      'the account-access consent page',
      () => cheerio.load(accountAccessConsentPage({ uid: 'u1', formToken: 't', clientName: 'TPP', consent: { ...accountAccessConsentFor('c'), ...MADE, consentId: 'aac-1', status: 'AWAU', accountIds: [] }, accounts: PSU_ACCOUNTS }).value),
      'Sandbox Bank · step 2 of 3: choose accounts',
    ],
    [
      'the payment consent page',
      () => cheerio.load(paymentConsentPage({ uid: 'u1', formToken: 't', clientName: 'TPP', consent: { ...paymentConsentFor('c'), ...MADE, consentId: 'pdc-1', status: 'AWAU' }, accounts: PSU_ACCOUNTS }).value),
      'Sandbox Bank · step 2 of 3: confirm the payment',
    ],
  ])('%s: "%s"', (_page, render, line) => {
    const $ = render();
    expect($('#journey-step').text()).toBe(line);
    expect($('.brand-bar .brand-name').text()).toBe('Sandbox Bank');
  });

  it('pages outside the journey (problems, OAuth errors, logout) carry the brand but claim no step', () => {
    for (const page of [problemPage('gone'), oauthErrorPage({ error: 'invalid_request' }, RULES_PAGE), logoutPage('<form id="op.logoutForm"></form>'), signedOutPage('TPP')]) {
      const $ = cheerio.load(page.value);
      expect($('.brand-bar .brand-name').text()).toBe('Sandbox Bank');
      expect($('#journey-step')).toHaveLength(0);
    }
  });
});

describe('the sign-in form is usable with a screen reader and a keyboard', () => {
  it('each input has its label and what a password manager needs; nothing is marked invalid before a try', () => {
    const $ = login();
    expect($('label[for=username]').text()).toBe('Username');
    expect($('label[for=password]').text()).toBe('Password');
    expect($('input#username').attr('autocomplete')).toBe('username');
    expect($('input#password[type=password]').attr('autocomplete')).toBe('current-password');
    expect($('[aria-invalid]')).toHaveLength(0);
    expect($('[role=alert]')).toHaveLength(0);
  });

  it('after wrong credentials the error is announced, both inputs are marked invalid and point at it, the username is kept', () => {
    const $ = login({ username: 'mia', error: 'The username or password is not right.' });
    expect($('#login-error[role=alert]').text()).toBe('The username or password is not right.');
    for (const input of ['#username', '#password']) {
      expect({ invalid: $(input).attr('aria-invalid'), describedBy: $(input).attr('aria-describedby') }).toEqual({ invalid: 'true', describedBy: 'login-error' });
    }
    expect($('#username').attr('value')).toBe('mia');
    expect($('title').text()).toBe('Error: Sign in to Sandbox Bank – step 1 of 3 – Sandbox Bank');
    expect($('#password').attr('value')).toBe('');
  });
});

describe("the sandbox bank's sign-in page says who its test customers are", () => {
  it('lists every test customer the bank named, with the username and password to sign in with', () => {
    const $ = login();
    expect($('#test-customers h2').text()).toBe('Test customers');
    const rows = $('#test-customers li').map((_, item) => [[$(item).find('.name').text(), $(item).find('.username').text(), $(item).find('.password').text()]]).get();
    expect(rows).toEqual([
      ['Mia Hartley', 'mia', 'mia-sandbox-pass'],
      ['Noah Okafor', 'noah', 'noah-sandbox-pass'],
    ]);
  });

  it('a bank that names none gets no empty panel', () => {
    expect(login({ testCustomers: [] })('#test-customers')).toHaveLength(0);
  });
});
