import * as cheerio from 'cheerio';
import type { DomesticPaymentConsent } from '@fapi/nats-contract';
import { creditorAccountRows, paymentConsentPage } from './payment-consent-page';

const consent = (summary: Partial<DomesticPaymentConsent['summary']> = {}): DomesticPaymentConsent => ({
  consentId: 'pdc-1',
  clientId: 'client',
  status: 'AWAU',
  initiation: {},
  risk: {},
  summary: {
    amount: '10.00',
    currency: 'GBP',
    creditorName: '<img src=x>',
    creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
    creditorIdentification: '60161331926819',
    reference: '"ref"',
    ...summary,
  },
  creationDateTime: '2026-01-01T00:00:00Z',
  statusUpdateDateTime: '2026-01-01T00:00:00Z',
});

describe('the payment consent page', () => {
  it('formats a UK sort code and account number; shows other schemes as sent', () => {
    expect(creditorAccountRows('UK.OBIE.SortCodeAccountNumber', '60161331926819')).toEqual([
      { id: 'payee-sort-code', label: 'Sort code', value: '60-16-13' },
      { id: 'payee-account-number', label: 'Account number', value: '31926819' },
    ]);
    expect(creditorAccountRows('UK.OBIE.IBAN', 'GB29NWBK60161331926819')).toEqual([
      { id: 'payee-account', label: 'Account (IBAN)', value: 'GB29NWBK60161331926819' },
    ]);
  });

  it('escapes the TPP name, the payee, the reference and the accounts', () => {
    const html = paymentConsentPage({
      uid: 'u1',
      formToken: 'form-token',
      clientName: '<b>TPP</b>',
      consent: consent(),
      accounts: [{ accountId: '"x', nickname: '<i>n</i>', currency: 'GBP', displayIdentifier: '1' }],
    }).value;
    for (const raw of ['<b>TPP</b>', '<img src=x>', '"ref"', '<i>n</i>', 'value=""x"']) expect(html).not.toContain(raw);
    expect(html).toContain('<dd id="payee-name">&lt;img src=x&gt;</dd>');
    expect(html).toContain('value="&quot;x"');
  });

  it('shows the amount as money, first, and offers the PSU accounts to pay from', () => {
    const $ = cheerio.load(paymentConsentPage({ uid: 'u1', formToken: 'form-token', clientName: 'TPP', consent: consent({ amount: '1234.5' }), accounts: [{ accountId: 'acc-1', nickname: 'Main', currency: 'GBP', displayIdentifier: '99-00-01 10000001' }] }).value);
    expect($('#payment dt').first().text()).toBe('Amount');
    expect($('#payment-amount').text()).toBe('£1,234.50');
    expect($('input[type=radio][name=debtorAccountId][required]').attr('value')).toBe('acc-1');
    expect($('label[for=debtor-acc-1]').text()).toContain('99-00-01 10000001');
  });

  it('leaves out the payee name and reference rows when the Initiation has none', () => {
    const html = paymentConsentPage({ uid: 'u1', formToken: 'form-token', clientName: 'TPP', consent: consent({ creditorName: undefined, reference: undefined }), accounts: [] }).value;
    expect(html).not.toContain('payee-name');
    expect(html).not.toContain('payment-reference');
  });
});
