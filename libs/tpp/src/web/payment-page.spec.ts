import * as cheerio from 'cheerio';
import type { OBWritePaymentDetails1, PaymentStatusCode } from '@fapi/open-banking';
import type { DomesticPayment, PaymentProgress } from '../payment-initiation-client';
import { domesticPaymentConsentRequest } from '../payment-order';
import { FAPI1_JARM_PROTOCOL } from '../testing/fake-sandbox';
import { PAYMENT_REFRESH_SECONDS, paymentPage } from './payment-page';

const FINTECH = 'Acme <Budget> & Co';
const initiation = domesticPaymentConsentRequest(
  { payeeName: 'Bob <Builder>', sortCode: '123456', accountNumber: '12345678', amount: '1234.50', reference: 'INV-42' },
  { instructionIdentification: 'i-1', endToEndIdentification: 'e-1' },
).Data.Initiation;
const DEBTOR = { SchemeName: 'UK.OBIE.SortCodeAccountNumber' as const, Identification: '99000110000011', Name: 'Mia Lindqvist' };

const payment = (status: PaymentStatusCode, more: Partial<DomesticPayment> = {}): DomesticPayment => ({
  DomesticPaymentId: 'dp-1',
  ConsentId: 'pdc-1',
  Status: status,
  CreationDateTime: '2026-11-25T12:00:05+00:00',
  StatusUpdateDateTime: '2026-11-25T12:00:07+00:00',
  Initiation: initiation,
  ...more,
});
const step = (status: Exclude<PaymentStatusCode, 'RCVD'>, at: string, reason?: [string, string]): OBWritePaymentDetails1 => ({
  PaymentTransactionId: 'dp-1',
  Status: status,
  StatusUpdateDateTime: at,
  StatusDetail: { Status: status, ...(reason && { StatusReason: reason[0], StatusReasonDescription: reason[1] }) },
});
const render = (progress: PaymentProgress) => cheerio.load(paymentPage(FINTECH, progress, FAPI1_JARM_PROTOCOL).value);

describe('the payment page shows what was paid, to whom, from which account', () => {
  const $ = render({ payment: payment('RCVD', { Debtor: DEBTOR }), steps: [] });

  it('has stable selectors for every detail, the amount as money', () => {
    const main = $('main#payment');
    expect([main.attr('data-payment-id'), main.attr('data-status'), main.attr('data-consent-id')]).toEqual(['dp-1', 'RCVD', 'pdc-1']);
    expect($('#journey-step').text()).toBe(`${FINTECH} · step 3 of 3: follow your payment`);
    expect($('.payment-status').text()).toBe('Received by your bank');
    expect($('.payment-status-code').text()).toBe('RCVD');
    expect($('.payment-amount').text()).toBe('£1,234.50');
    expect([$('.payment-amount').attr('data-amount'), $('.payment-amount').attr('data-currency')]).toEqual(['1234.50', 'GBP']);
    expect($('.payee-name').text()).toBe('Bob <Builder>');
    expect($('.payee-sort-code').text()).toBe('12-34-56');
    expect($('.payee-account-number').text()).toBe('12345678');
    expect($('.payment-reference').text()).toBe('INV-42');
    expect($('a#refresh-link').attr('href')).toBe('/payments/dp-1');
    expect($('script')).toHaveLength(0);
  });

  it('names the account that paid (Data.Debtor) with its sort code and account number apart', () => {
    expect($('.debtor-name').text()).toBe('Mia Lindqvist');
    expect($('.debtor-sort-code').text()).toBe('99-00-01');
    expect($('.debtor-account-number').text()).toBe('10000011');
  });

  it('says the PSU chose the account at their bank while the bank does not name it', () => {
    const $without = render({ payment: payment('RCVD'), steps: [] });
    expect($without('.debtor-unknown').text()).toBe('The account you chose at your bank');
    expect($without('.debtor-name')).toHaveLength(0);
  });

  it('an account in another scheme is shown as its identification', () => {
    const other = payment('RCVD', { Initiation: { ...initiation, CreditorAccount: { SchemeName: 'UK.OBIE.IBAN', Identification: 'GB29NWBK60161331926819', Name: 'Eve' } } });
    const $other = render({ payment: other, steps: [] });
    expect($other('.payee-account[data-scheme-name="UK.OBIE.IBAN"]').text()).toBe('GB29NWBK60161331926819');
    expect($other('.payee-sort-code')).toHaveLength(0);
  });
});

describe('the payment page shows the steps the payment went through, with their times', () => {
  it('lists received (the creation time) then each payment-details step, in words, with the time in UK time', () => {
    const $ = render({
      payment: payment('ACCC'),
      steps: [step('ACSP', '2026-06-25T12:00:06.120Z'), step('ACSC', '2026-06-25T12:00:06.480Z'), step('ACCC', '2026-06-25T12:00:07Z')],
    });
    const steps = $('ol.status-history li.status-step');
    expect(steps.map((_, li) => [[$(li).attr('data-status'), $(li).find('.status-step-label').text(), $(li).find('.status-step-time').text()]]).get()).toEqual([
      ['RCVD', 'Received by your bank', '25 Nov 2026, 12:00:05'],
      ['ACSP', 'Being paid', '25 Jun 2026, 13:00:06'],
      ['ACSC', 'Paid from your account', '25 Jun 2026, 13:00:06'],
      ['ACCC', 'Paid to the payee', '25 Jun 2026, 13:00:07'],
    ]);
    expect(steps.eq(1).find('time').last().attr('datetime')).toBe('2026-06-25T12:00:06.120Z');
  });

  it('ends with the current status when payment-details has not caught up yet', () => {
    const $ = render({ payment: payment('ACSC'), steps: [step('ACSP', '2026-11-25T12:00:06Z')] });
    expect($('li.status-step').map((_, li) => $(li).attr('data-status')).get()).toEqual(['RCVD', 'ACSP', 'ACSC']);
  });
});

describe('a rejected payment says why, in words, with the ISO code beside them', () => {
  const rejected = payment('RJCT', { StatusReason: [{ StatusReasonCode: 'AM04', StatusReasonDescription: 'insufficient funds in the debtor account' }] });

  it('AM04: "There was not enough money in the account." in the status box and on the history step', () => {
    const $ = render({ payment: rejected, steps: [step('RJCT', '2026-11-25T12:00:06Z', ['AM04', 'insufficient funds in the debtor account'])] });
    expect($('.payment-status').text()).toBe('Rejected');
    expect($('.error-note[role=alert] .payment-status-reason').text()).toBe('There was not enough money in the account.');
    expect($('.payment-status-reason').attr('data-reason-code')).toBe('AM04');
    expect($('li.status-step[data-status=RJCT] .status-step-reason').text()).toBe('There was not enough money in the account.');
    expect($('li.status-step[data-status=RJCT] .status-step-reason').attr('data-reason-code')).toBe('AM04');
    expect($('meta[http-equiv=refresh]')).toHaveLength(0);
  });

  it('a code outside the table is explained by the bank\'s own words, escaped', () => {
    const odd = payment('RJCT', { StatusReason: [{ StatusReasonCode: 'ZZ99', StatusReasonDescription: 'a <b>new</b> reason' }] });
    const $ = render({ payment: odd, steps: [] });
    expect($('.payment-status-reason').text()).toBe('a <b>new</b> reason');
    expect($('b')).toHaveLength(0);
    expect($('li.status-step[data-status=RJCT] .status-step-reason').text()).toBe('a <b>new</b> reason');
  });
});

describe('the payment page reloads itself only while settlement runs', () => {
  it.each(['RCVD', 'PDNG', 'ACSP'] as const)('%s: still moving, the page reloads itself (meta refresh)', (status) => {
    const $ = render({ payment: payment(status), steps: [] });
    expect($('meta[http-equiv=refresh]').attr('content')).toBe(String(PAYMENT_REFRESH_SECONDS));
    expect($('.payment-in-progress')).toHaveLength(1);
  });

  it.each(['ACSC', 'ACCC', 'RJCT'] as const)('%s: settled or rejected, no more reloading, the link stays', (status) => {
    const $ = render({ payment: payment(status), steps: [] });
    expect($('meta[http-equiv=refresh]')).toHaveLength(0);
    expect($('.payment-in-progress')).toHaveLength(0);
    expect($('a#refresh-link')).toHaveLength(1);
  });
});
