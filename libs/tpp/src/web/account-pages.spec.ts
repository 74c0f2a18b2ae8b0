import * as cheerio from 'cheerio';
import type { ObTransaction } from '../account-information';
import { FAPI1_JARM_PROTOCOL } from '../testing/fake-sandbox';
import { ACCOUNTS, BALANCES, TRANSACTIONS } from '../testing/ob-fixtures';
import { accountPage, accountsPage, disconnectedPage, transactionsInPageOrder } from './account-pages';
import { listPage, TRANSACTIONS_PER_PAGE } from './paging';

const FINTECH = 'Acme <Budget> & Co';
const summaries = ACCOUNTS.map((account) => ({ account, balances: BALANCES[account.AccountId] }));
const text = ($: cheerio.CheerioAPI, selector: string) => $(selector).text().replace(/\s+/g, ' ').trim();

describe('the accounts page shows people\'s words first, the OB codes only as secondary detail', () => {
  const $ = cheerio.load(accountsPage(FINTECH, 'aac-1', summaries, 'token-1', FAPI1_JARM_PROTOCOL).value);
  const first = $('[data-account-id="acc-001"]');

  it('names the fintech, says where the PSU is in the journey, and carries the consent', () => {
    expect($('.brand-name').text()).toBe(FINTECH);
    expect($('#journey-step').text()).toBe(`${FINTECH} · step 3 of 3: see your accounts`);
    expect($('main#accounts').attr('data-consent-id')).toBe('aac-1');
  });

  it('names each account by its nickname (or description) and says what kind of account it is', () => {
    expect($('section.account').map((_, s) => $(s).attr('data-account-id')).get()).toEqual(['acc-001', 'acc-002']);
    expect(first.find('.account-nickname').text()).toBe('Bills <& "Savings">');
    expect(first.find('.account-kind').text()).toBe('Current account · Personal');
    expect($('[data-account-id="acc-002"] .account-nickname').text()).toBe('Holiday pot');
  });

  it('shows the sort code as 80-20-01 and the account number apart, not the 14 digits run together', () => {
    expect(first.find('.identification .sort-code').text()).toBe('80-20-01');
    expect(first.find('.identification .account-number').text()).toBe('10203345');
    expect(first.find('.identification').text()).not.toContain('80200110203345');
    expect(first.find('.identification').text()).not.toContain('UK.OBIE');
  });

  it('shows another scheme under its name in words, the identification whole', () => {
    const iban = $('[data-account-id="acc-002"] .identification');
    expect(iban.find('dt').text()).toBe('IBAN');
    expect(iban.find('.account-identification[data-scheme-name="UK.OBIE.IBAN"]').text()).toBe('GB29NWBK60161331926819');
  });

  it('shows balances in words as money (£1,230.00), an overdrawn one negative, the code small beside the words', () => {
    const rows = first.find('dd.balance');
    expect(rows.map((_, dd) => [[$(dd).attr('data-balance-type'), $(dd).prev('dt').contents().first().text().trim(), $(dd).find('.money').text()]]).get()).toEqual([
      ['ITAV', 'Available balance', '£1,230.00'],
      ['CLBD', 'Balance at close of day', 'money out −£15.50'],
    ]);
    expect(rows.eq(1).prev('dt').find('.code-detail').text()).toBe('CLBD');
    expect(rows.eq(1).attr('data-amount')).toBe('15.50');
    expect(rows.eq(1).attr('data-credit-debit')).toBe('Debit');
    expect(rows.eq(0).find('.money').hasClass('money-debit')).toBe(false);
  });

  it('dates a balance as people read it, in UK time', () => {
    expect(first.find('dd.balance').eq(0).find('time').text()).toBe('20 Nov 2026, 09:00');
    expect(first.find('dd.balance').eq(0).find('time').attr('datetime')).toBe('2026-11-20T09:00:00.000Z');
  });

  it('keeps the OB codes for developers in a closed disclosure', () => {
    const details = first.find('details.developer-details');
    expect(details.attr('open')).toBeUndefined();
    expect(details.find('code').map((_, c) => $(c).text()).get()).toEqual(expect.arrayContaining(['AccountId', 'acc-001', 'CACC', 'UK.OBIE.SortCodeAccountNumber', '80200110203345']));
  });

  it('links each account to its transactions, and offers "Make a payment"', () => {
    expect(first.find('a.account-link').attr('href')).toBe('/accounts/acc-001');
    expect($('a#pay-link').attr('href')).toBe('/pay');
    expect($('table.transactions')).toHaveLength(0);
  });

  it('offers to disconnect with a form that carries the session\'s token (no script)', () => {
    const form = $('form[method=post][action="/disconnect"]');
    expect(form.find('input[type=hidden][name=csrf]').attr('value')).toBe('token-1');
    expect(form.find('button#disconnect[type=submit]').text()).toBe('Disconnect your bank');
    expect($('script')).toHaveLength(0);
  });

  it('says so when an account shared no balances, and when no account was shared', () => {
    expect($('[data-account-id="acc-002"] .no-balances')).toHaveLength(1);
    expect(cheerio.load(accountsPage(FINTECH, 'aac-1', [], 'token-1', FAPI1_JARM_PROTOCOL).value)('#no-accounts')).toHaveLength(1);
  });
});

/** `count` transactions a day apart, tx-1 the oldest; odd ones debits. */
function transactions(count: number): ObTransaction[] {
  return Array.from({ length: count }, (_, i) => ({
    AccountId: 'acc-001',
    TransactionId: `tx-${i + 1}`,
    CreditDebitIndicator: i % 2 ? 'Credit' : 'Debit',
    Status: 'BOOK',
    BookingDateTime: new Date(Date.UTC(2026, 0, 1 + i, 12)).toISOString(),
    TransactionInformation: `Payment ${i + 1}`,
    Amount: { Amount: '1234.5', Currency: 'GBP' },
  }));
}

describe('the account page shows one page of transactions, newest first, with previous and next links', () => {
  const account = ACCOUNTS[0];
  const render = (list: ObTransaction[], page?: string) =>
    cheerio.load(accountPage(FINTECH, 'aac-1', { account, balances: BALANCES['acc-001'], transactions: list }, listPage(transactionsInPageOrder(list), page)).value);
  const ids = ($: cheerio.CheerioAPI) => $('tr.transaction').map((_, r) => $(r).attr('data-transaction-id')).get();

  it('lists each transaction with its date, description and signed money, debits and credits told apart', () => {
    const $ = cheerio.load(accountPage(FINTECH, 'aac-1', { account, balances: [], transactions: TRANSACTIONS['acc-001'] }, listPage(transactionsInPageOrder(TRANSACTIONS['acc-001']), undefined)).value);
    const rows = $('tr.transaction');
    expect(rows.map((_, r) => [[$(r).attr('data-transaction-id'), $(r).find('.booking-date').text(), $(r).find('.description').text(), $(r).find('.money').text()]]).get()).toEqual([
      ['tx-2', '19 Nov 2026', 'Payroll Ltd', 'money in +£2,500.00'],
      ['tx-1', '18 Nov 2026', '<script>alert(1)</script> Coffee', 'money out −£3.20'],
    ]);
    expect(rows.eq(0).find('.money').hasClass('money-credit')).toBe(true);
    expect(rows.eq(1).find('.money').hasClass('money-debit')).toBe(true);
    expect(rows.eq(1).find('.amount').attr('data-amount')).toBe('3.20');
    expect($('script')).toHaveLength(0);
    expect($('nav.pager')).toHaveLength(0);
  });

  it(`shows ${TRANSACTIONS_PER_PAGE} at a time: page 1 has the newest and a next link, no previous one`, () => {
    const $ = render(transactions(45));
    expect(ids($)).toEqual(Array.from({ length: 20 }, (_, i) => `tx-${45 - i}`));
    expect($('nav.pager').first().find('a[rel=next]').attr('href')).toBe('/accounts/acc-001?page=2');
    expect($('a[rel=prev]')).toHaveLength(0);
    expect(text($, 'nav.pager:first .pager-position')).toBe('Page 1 of 3 (transactions 1 to 20 of 45)');
    expect($('main#account').attr('data-page')).toBe('1');
  });

  it('a middle page links both ways', () => {
    const $ = render(transactions(45), '2');
    expect(ids($)).toEqual(Array.from({ length: 20 }, (_, i) => `tx-${25 - i}`));
    expect($('nav.pager').first().find('a[rel=prev]').attr('href')).toBe('/accounts/acc-001');
    expect($('nav.pager').first().find('a[rel=next]').attr('href')).toBe('/accounts/acc-001?page=3');
  });

  it('the last page has the oldest and a previous link, no next one', () => {
    const $ = render(transactions(45), '3');
    expect(ids($)).toEqual(['tx-5', 'tx-4', 'tx-3', 'tx-2', 'tx-1']);
    expect($('nav.pager').first().find('a[rel=prev]').attr('href')).toBe('/accounts/acc-001?page=2');
    expect($('a[rel=next]')).toHaveLength(0);
    expect(text($, 'nav.pager:first .pager-position')).toBe('Page 3 of 3 (transactions 41 to 45 of 45)');
  });

  it('says so when the account shared no transactions', () => {
    expect(render([])('.no-transactions')).toHaveLength(1);
  });

  it('shows the account in words, with the codes for developers', () => {
    const $ = render(transactions(1));
    expect($('h1').text()).toBe('Bills <& "Savings">');
    expect($('.sort-code').text()).toBe('80-20-01');
    expect($('details.developer-details code').map((_, c) => $(c).text()).get()).toEqual(expect.arrayContaining(['ConsentId', 'aac-1']));
  });
});

describe('paging keeps within bounds', () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it.each([
    [undefined, 1],
    ['1', 1],
    ['3', 3],
    ['4', 3],
    ['999999999', 3],
    ['0', 1],
    ['-1', 1],
    ['2.5', 1],
    ['two', 1],
    ['', 1],
  ])('?page=%s is page %i of 3', (requested, expected) => {
    const page = listPage(items, requested, 20);
    expect({ number: page.number, count: page.count, first: page.items[0] }).toEqual({ number: expected, count: 3, first: (expected - 1) * 20 });
  });

  it('an empty list is one empty page', () => {
    expect(listPage([], '5', 20)).toEqual({ items: [], number: 1, count: 1, total: 0, first: 1 });
  });

  it('exactly a page full is one page', () => {
    expect(listPage(items.slice(0, 20), '2', 20)).toMatchObject({ number: 1, count: 1 });
  });
});

describe('after disconnecting, the page says the access ended and offers to connect again', () => {
  const $ = cheerio.load(disconnectedPage(FINTECH, 'aac-1<2', 'token-1').value);

  it('names the consent that ended and carries the form token for a new connection', () => {
    expect($('main#disconnected').attr('data-consent-id')).toBe('aac-1<2');
    expect($('.notice').text()).toContain('We can no longer read your accounts.');
    expect($('.code-detail').text()).toBe('aac-1<2');
    expect($('form[action="/connect"] input[name=csrf]').attr('value')).toBe('token-1');
  });
});
