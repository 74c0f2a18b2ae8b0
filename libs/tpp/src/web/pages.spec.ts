import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { ACCOUNTS, BALANCES, TRANSACTIONS } from '../testing/ob-fixtures';
import type { PaymentStatusCode } from '@fapi/open-banking';
import type { DomesticPayment } from '../payment-initiation-client';
import { domesticPaymentConsentRequest } from '../payment-order';
import { accountsPage, callbackRelayPage, errorPage, homePage, PAYMENT_REFRESH_SECONDS, paymentFormPage, paymentPage, RELAY_SCRIPT_SOURCE } from './pages';

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
    const $ = cheerio.load(homePage(FINTECH, false, 'token-1').value);
    expect($('form[method=post][action="/connect"] button#connect').text()).toBe('Connect your bank');
    expect($('#accounts-link')).toHaveLength(0);
    expect($('title').text()).toBe(`Welcome · ${FINTECH}`);
  });

  it('links to the accounts once connected', () => {
    expect(cheerio.load(homePage(FINTECH, true, 'token-1').value)('#accounts-link').attr('href')).toBe('/accounts');
  });

  it('links to the payment form, connected or not', () => {
    for (const connected of [false, true]) expect(cheerio.load(homePage(FINTECH, connected, 'token-1').value)('a#pay-link').attr('href')).toBe('/pay');
  });
});

describe('the payment form posts the five fields to /pay with a plain form', () => {
  const fieldNames = ['payeeName', 'sortCode', 'accountNumber', 'amount', 'reference'];

  it('is empty at first, with a label per field and no error', () => {
    const $ = cheerio.load(paymentFormPage(FINTECH, 'token-1').value);
    const form = $('main#make-payment form#payment-form[method=post][action="/pay"]');
    expect(form.find('input[type=text]').map((_, i) => $(i).attr('name')).get()).toEqual(fieldNames);
    expect(form.find('input[type=text]').map((_, i) => $(i).attr('value')).get()).toEqual(['', '', '', '', '']);
    expect(form.find('input[type=hidden]').map((_, i) => [[$(i).attr('name'), $(i).attr('value')]]).get()).toEqual([['csrf', 'token-1']]);
    for (const name of fieldNames) expect($(`label[for="${name}"]`)).toHaveLength(1);
    expect(form.find('button#pay[type=submit]').text()).toBe('Pay');
    expect($('.field-error, #form-errors')).toHaveLength(0);
    expect($('main').attr('data-invalid-fields')).toBeUndefined();
  });

  it('after a refusal keeps every typed value (escaped) and shows each message under its field', () => {
    const values = { payeeName: 'Bob "<b>"', sortCode: '12-34', accountNumber: '12345678', amount: 'ten', reference: 'INV' };
    const errors = { sortCode: 'A sort code is 6 digits, like 12-34-56.', amount: 'Enter the amount in pounds and pence, like 12.50.' };
    const $ = cheerio.load(paymentFormPage(FINTECH, 'token-1', values, errors).value);
    expect($('#payment-form input[type=text]').map((_, i) => $(i).attr('value')).get()).toEqual(Object.values(values));
    expect($('main#make-payment').attr('data-invalid-fields')).toBe('sortCode amount');
    expect($('.field-error').map((_, e) => [[$(e).attr('data-field'), $(e).text()]]).get()).toEqual(Object.entries(errors));
    expect($('#sortCode').attr('aria-invalid')).toBe('true');
    expect($('#sortCode').attr('aria-describedby')).toBe('sortCode-hint sortCode-error');
    expect($('#payeeName').attr('aria-invalid')).toBeUndefined();
    expect($('#form-errors li a').map((_, a) => $(a).attr('href')).get()).toEqual(['#sortCode', '#amount']);
    expect($('b')).toHaveLength(0);
  });
});

describe('the payment page shows the status, amount, payee and reference, and reloads itself while settlement runs', () => {
  const initiation = domesticPaymentConsentRequest(
    { payeeName: 'Bob <Builder>', sortCode: '123456', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' },
    { instructionIdentification: 'i-1', endToEndIdentification: 'e-1' },
  ).Data.Initiation;
  const payment = (status: PaymentStatusCode): DomesticPayment => ({
    DomesticPaymentId: 'dp-1',
    ConsentId: 'pdc-1',
    Status: status,
    CreationDateTime: '2026-11-25T12:00:05+00:00',
    StatusUpdateDateTime: '2026-11-25T12:00:06+00:00',
    Initiation: initiation,
  });

  it('has stable selectors for every detail', () => {
    const $ = cheerio.load(paymentPage(FINTECH, payment('RCVD')).value);
    const main = $('main#payment');
    expect(main.attr('data-payment-id')).toBe('dp-1');
    expect(main.attr('data-status')).toBe('RCVD');
    expect(main.attr('data-consent-id')).toBe('pdc-1');
    expect($('.payment-status').text()).toBe('Received by your bank');
    expect($('.payment-status-code').text()).toBe('RCVD');
    expect($('.payment-amount').attr('data-amount')).toBe('12.50');
    expect($('.payment-amount').attr('data-currency')).toBe('GBP');
    expect($('.payment-amount').text()).toBe('12.50 GBP');
    expect($('.payee-name').text()).toBe('Bob <Builder>');
    expect($('.payee-sort-code').text()).toBe('12-34-56');
    expect($('.payee-account-number').text()).toBe('12345678');
    expect($('.payment-reference').text()).toBe('INV-42');
    expect($('a#refresh-link').attr('href')).toBe('/payments/dp-1');
    expect($('script')).toHaveLength(0);
  });

  it.each(['RCVD', 'PDNG', 'ACSP'] as const)('%s: still moving, the page reloads itself (meta refresh)', (status) => {
    const $ = cheerio.load(paymentPage(FINTECH, payment(status)).value);
    expect($('meta[http-equiv=refresh]').attr('content')).toBe(String(PAYMENT_REFRESH_SECONDS));
    expect($('.payment-in-progress')).toHaveLength(1);
  });

  it.each(['ACSC', 'ACCC', 'RJCT'] as const)('%s: settled or rejected, no more reloading, the link stays', (status) => {
    const $ = cheerio.load(paymentPage(FINTECH, payment(status)).value);
    expect($('meta[http-equiv=refresh]')).toHaveLength(0);
    expect($('.payment-in-progress')).toHaveLength(0);
    expect($('a#refresh-link')).toHaveLength(1);
  });

  it('an account in another scheme is shown as its identification', () => {
    const other = { ...payment('RCVD'), Initiation: { ...initiation, CreditorAccount: { SchemeName: 'UK.OBIE.IBAN' as const, Identification: 'GB29NWBK60161331926819', Name: 'Eve' } } };
    const $ = cheerio.load(paymentPage(FINTECH, other).value);
    expect($('.payee-account[data-scheme-name="UK.OBIE.IBAN"]').text()).toBe('GB29NWBK60161331926819');
    expect($('.payee-sort-code')).toHaveLength(0);
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
