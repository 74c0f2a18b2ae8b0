import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { ACCOUNTS, BALANCES, TRANSACTIONS } from '../testing/ob-fixtures';
import { accountsPage, callbackRelayPage, errorPage, homePage, RELAY_SCRIPT_SOURCE } from './pages';

const FINTECH = 'Acme <Budget> & Co';
const shared = ACCOUNTS.map((account) => ({ account, balances: BALANCES[account.AccountId], transactions: TRANSACTIONS[account.AccountId] }));

describe('the accounts page shows each shared account with its balances and recent transactions', () => {
  const $ = cheerio.load(accountsPage(FINTECH, 'aac-1', shared).value);

  it('names the fintech and the consent', () => {
    expect($('#fintech-name').text()).toBe(FINTECH);
    expect($('main#accounts').attr('data-consent-id')).toBe('aac-1');
  });

  it('has one section per account, with its nickname (or description) and identification', () => {
    const sections = $('section.account');
    expect(sections.map((_, s) => $(s).attr('data-account-id')).get()).toEqual(['acc-001', 'acc-002']);
    const first = $('[data-account-id="acc-001"]');
    expect(first.find('.account-nickname').text()).toBe('Bills <& "Savings">');
    expect(first.find('.account-identification').text()).toBe('80200110203345');
    expect(first.find('.account-identification').attr('data-scheme-name')).toBe('UK.OBIE.SortCodeAccountNumber');
    expect($('[data-account-id="acc-002"] .account-nickname').text()).toBe('Holiday pot');
  });

  it('lists balances by type, debits negative', () => {
    const rows = $('[data-account-id="acc-001"] table.balances tr.balance');
    expect(rows.map((_, r) => [[$(r).attr('data-balance-type'), $(r).find('.amount').text(), $(r).find('.currency').text()]]).get()).toEqual([
      ['ITAV', '1230.00', 'GBP'],
      ['CLBD', '-15.50', 'GBP'],
    ]);
    expect(rows.eq(1).find('.amount').attr('data-amount')).toBe('15.50');
    expect(rows.eq(1).find('.amount').attr('data-credit-debit')).toBe('Debit');
  });

  it('lists transactions newest first, with description and signed amount', () => {
    const rows = $('[data-account-id="acc-001"] table.transactions tr.transaction');
    expect(rows.map((_, r) => [[$(r).attr('data-transaction-id'), $(r).find('.description').text(), $(r).find('.amount').text()]]).get()).toEqual([
      ['tx-2', 'Payroll Ltd', '2500.00'],
      ['tx-1', '<script>alert(1)</script> Coffee', '-3.20'],
    ]);
  });

  it('says so when an account shared no balances or transactions', () => {
    expect($('[data-account-id="acc-002"] .no-balances')).toHaveLength(1);
    expect($('[data-account-id="acc-002"] .no-transactions')).toHaveLength(1);
  });

  it('never lets bank data become markup', () => {
    expect($('script')).toHaveLength(0);
  });

  it('says so when no account was shared', () => {
    expect(cheerio.load(accountsPage(FINTECH, 'aac-1', []).value)('#no-accounts')).toHaveLength(1);
  });
});

describe('the home page offers to connect with a plain form (no JavaScript)', () => {
  it('posts to /connect', () => {
    const $ = cheerio.load(homePage(FINTECH, false).value);
    expect($('form[method=post][action="/connect"] button#connect').text()).toBe('Connect your bank');
    expect($('#accounts-link')).toHaveLength(0);
    expect($('title').text()).toBe(`Welcome · ${FINTECH}`);
  });

  it('links to the accounts once connected', () => {
    expect(cheerio.load(homePage(FINTECH, true).value)('#accounts-link').attr('href')).toBe('/accounts');
  });
});

describe('the error page shows the message and the error code', () => {
  it('shows both, escaped', () => {
    const $ = cheerio.load(
      errorPage(FINTECH, { status: 403, code: 'access_denied', title: 'Connection cancelled', message: 'You declined to share your accounts.', description: '<b>no</b>' }).value,
    );
    expect($('main#error').attr('data-error-code')).toBe('access_denied');
    expect($('.error-code').text()).toBe('access_denied');
    expect($('.error-message').text()).toBe('You declined to share your accounts.');
    expect($('.error-description').text()).toBe('<b>no</b>');
    expect($('main#error').attr('data-consent-id')).toBeUndefined();
  });

  it('names the consent the failed authorization was about', () => {
    const view = { status: 403, code: 'access_denied', title: 'Connection cancelled', message: 'You declined.' };
    const $ = cheerio.load(errorPage(FINTECH, view, 'aac-1<2').value);
    expect($('main#error').attr('data-consent-id')).toBe('aac-1<2');
    expect($('.consent-id').text()).toBe('aac-1<2');
  });
});

describe('the hybrid callback page only relays the fragment to POST /callback', () => {
  const $ = cheerio.load(callbackRelayPage(FINTECH).value);

  it('has an empty same-origin POST form for the fragment parameters', () => {
    expect($('form#authorization-response').attr('method')).toBe('post');
    expect($('form#authorization-response').attr('action')).toBe('/callback');
  });

  it('runs exactly the script whose hash the CSP allows', () => {
    const script = $('script').text();
    expect(RELAY_SCRIPT_SOURCE).toBe(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  });
});
