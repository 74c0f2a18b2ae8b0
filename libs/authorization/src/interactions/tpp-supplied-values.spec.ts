import * as cheerio from 'cheerio';
import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { FakeConsentService } from '@fapi/testing';
import type { SafeHtml } from '@fapi/web-pages';
import { accountAccessConsentFor, paymentConsentFor } from '../testing/consent-fixtures';
import { PSU_ACCOUNTS } from '../testing/fake-bank-customers';
import { accountAccessConsentPage } from './account-access-consent-page';
import { loginPage } from './pages';
import { paymentConsentPage } from './payment-consent-page';

// A TPP chooses its client_name at registration and the payee, reference and creditor account of its payment
// Initiations: all of it reaches the PSU's bank pages, so all of it must render as text, never as markup.
const INJECTIONS = [
  { markup: '<script>alert(1)</script>', asText: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { markup: '"><img src=x onerror=alert(1)>', asText: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' },
];

const consents = new FakeConsentService();
const accountAccessConsent = consents.accountAccess.put(accountAccessConsentFor('client'));
const paymentConsent = (summary: Partial<DomesticPaymentConsent['summary']>): DomesticPaymentConsent => {
  const consent = consents.domesticPayment.put(paymentConsentFor('client'));
  return { ...consent, summary: { ...consent.summary, ...summary } };
};

/** The page parsed as a browser would, after checking that its markup carries the value as escaped text. */
function rendered(page: SafeHtml, asText: string): cheerio.CheerioAPI {
  expect(page.value).toContain(asText);
  return cheerio.load(page.value);
}

function expectNoInjectedElements($: cheerio.CheerioAPI): void {
  expect($('script')).toHaveLength(0);
  expect($('img')).toHaveLength(0);
  expect($('[onerror]')).toHaveLength(0);
}

describe('values a TPP supplies render as text on the PSU pages, never as markup', () => {
  it.each(INJECTIONS)('the client name $markup on the login page', ({ markup, asText }) => {
    const $ = rendered(loginPage({ uid: 'u1', formToken: 'form-token', clientName: markup, testCustomers: [] }), asText);
    expect($('#tpp-name').text()).toBe(markup);
    expectNoInjectedElements($);
  });

  it.each(INJECTIONS)('the client name $markup on the account-access consent page', ({ markup, asText }) => {
    const $ = rendered(accountAccessConsentPage({ uid: 'u1', formToken: 'form-token', clientName: markup, consent: accountAccessConsent, accounts: PSU_ACCOUNTS }), asText);
    expect($('#tpp-name').text()).toBe(markup);
    expectNoInjectedElements($);
  });

  it.each(INJECTIONS)('the client name, payee and reference $markup on the payment consent page', ({ markup, asText }) => {
    const consent = paymentConsent({ creditorName: markup, reference: markup });
    const $ = rendered(paymentConsentPage({ uid: 'u1', formToken: 'form-token', clientName: markup, consent, accounts: PSU_ACCOUNTS }), asText);
    expect($('#tpp-name').text()).toBe(markup);
    expect($('#payee-name').text()).toBe(markup);
    expect($('#payment-reference').text()).toBe(markup);
    expectNoInjectedElements($);
  });

  it.each(INJECTIONS)('the creditor scheme and identification $markup on the payment consent page', ({ markup, asText }) => {
    const consent = paymentConsent({ creditorScheme: markup, creditorIdentification: markup });
    const $ = rendered(paymentConsentPage({ uid: 'u1', formToken: 'form-token', clientName: 'TPP', consent, accounts: PSU_ACCOUNTS }), asText);
    expect($('#payee-account').text()).toBe(markup);
    expect($('#payee-account').prev('dt').text()).toBe(`Account (${markup})`);
    expectNoInjectedElements($);
  });
});
