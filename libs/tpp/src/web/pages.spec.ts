import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { FAPI1_JARM_PROTOCOL } from '../testing/fake-sandbox';
import { callbackRelayPage, errorPage, homePage, paymentFormPage, RELAY_SCRIPT_SOURCE } from './pages';

const FINTECH = 'Acme <Budget> & Co';

describe('the home page offers to connect with a plain form (no JavaScript)', () => {
  it('posts to /connect, in the fintech\'s name, saying where the PSU is in the journey', () => {
    const $ = cheerio.load(homePage(FINTECH, false, 'token-1', FAPI1_JARM_PROTOCOL).value);
    expect($('form[method=post][action="/connect"] button#connect').text()).toBe('Connect your bank');
    expect($('form[action="/connect"] input[type=hidden][name=csrf]').attr('value')).toBe('token-1');
    expect($('#accounts-link')).toHaveLength(0);
    expect($('.brand-name').text()).toBe(FINTECH);
    expect($('#journey-step').text()).toBe(`${FINTECH} · step 1 of 3: connect your bank`);
    expect($('title').text()).toBe(`Welcome to ${FINTECH} – step 1 of 3 – ${FINTECH}`);
    expect($('script')).toHaveLength(0);
  });

  it('links to the accounts once connected, and offers to disconnect with the session\'s token', () => {
    const $ = cheerio.load(homePage(FINTECH, true, 'token-1', FAPI1_JARM_PROTOCOL).value);
    expect($('#accounts-link').attr('href')).toBe('/accounts');
    expect($('#journey-step').text()).toBe(`${FINTECH} · step 3 of 3: your bank is connected`);
    expect($('form[method=post][action="/disconnect"] input[name=csrf]').attr('value')).toBe('token-1');
    expect(cheerio.load(homePage(FINTECH, false, 'token-1', FAPI1_JARM_PROTOCOL).value)('form[action="/disconnect"]')).toHaveLength(0);
  });

  it('links to the payment form, connected or not', () => {
    for (const connected of [false, true]) expect(cheerio.load(homePage(FINTECH, connected, 'token-1', FAPI1_JARM_PROTOCOL).value)('a#pay-link').attr('href')).toBe('/pay');
  });

  it('links to the page of the flows the sandbox teaches, connected or not', () => {
    for (const connected of [false, true]) expect(cheerio.load(homePage(FINTECH, connected, 'token-1', FAPI1_JARM_PROTOCOL).value)('a#flows-link').attr('href')).toBe('/flows');
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
    expect(form.find('button#pay[type=submit]').text()).toBe('Continue to your bank');
    expect($('#journey-step').text()).toBe(`${FINTECH} · step 1 of 3: enter the payment`);
    expect($('.field-error, #form-errors')).toHaveLength(0);
    expect($('main').attr('data-invalid-fields')).toBeUndefined();
  });

  it('after a refusal keeps every typed value (escaped) and shows each message under its field', () => {
    const values = { payeeName: 'Bob "<b>"', sortCode: '12-34', accountNumber: '12345678', amount: 'ten', reference: 'INV' };
    const errors = { sortCode: 'A sort code is 6 digits, like 12-34-56.', amount: 'Enter the amount in pounds and pence, like 12.50.' };
    const $ = cheerio.load(paymentFormPage(FINTECH, 'token-1', values, errors).value);
    expect($('#payment-form input[type=text]').map((_, i) => $(i).attr('value')).get()).toEqual(Object.values(values));
    expect($('main#make-payment').attr('data-invalid-fields')).toBe('sortCode amount');
    expect($('.field-error').map((_, e) => [[$(e).closest('.field').attr('data-field'), $(e).text()]]).get()).toEqual(
      Object.entries(errors).map(([field, message]) => [field, `Error: ${message}`]),
    );
    expect($('#form-errors').attr('role')).toBe('alert');
    expect($('#sortCode').attr('aria-invalid')).toBe('true');
    expect($('#sortCode').attr('aria-describedby')).toBe('sortCode-hint sortCode-error');
    expect($('#payeeName').attr('aria-invalid')).toBeUndefined();
    expect($('#form-errors li a').map((_, a) => $(a).attr('href')).get()).toEqual(['#sortCode', '#amount']);
    expect($('b')).toHaveLength(0);
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
    expect($('#journey-step').text()).toBe(`${FINTECH} · step 3 of 3: back from your bank`);
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
