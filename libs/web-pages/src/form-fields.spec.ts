import * as cheerio from 'cheerio';
import { choice, errorNote, textField } from './form-fields';

describe('form fields are labelled, and their errors are tied to them and announced', () => {
  it('a field is labelled by its <label for>, and a hint describes it', () => {
    const $ = cheerio.load(textField({ name: 'amount', label: 'Amount (£)', hint: 'Like 12.50', inputmode: 'decimal' }).value);
    expect($('label[for=amount]').text()).toBe('Amount (£)');
    expect($('input#amount').attr('aria-describedby')).toBe('amount-hint');
    expect($('#amount-hint').text()).toBe('Like 12.50');
    expect($('input#amount').attr('aria-invalid')).toBeUndefined();
    expect($('[role=alert]')).toHaveLength(0);
  });

  it('a refused field is marked invalid, described by its error, and the error is announced', () => {
    const $ = cheerio.load(textField({ name: 'amount', label: 'Amount', hint: 'Like 12.50', value: '12,5', error: 'Enter pounds and pence' }).value);
    expect($('input#amount').attr('aria-invalid')).toBe('true');
    expect($('input#amount').attr('aria-describedby')).toBe('amount-hint amount-error');
    expect($('#amount-error').attr('role')).toBe('alert');
    expect($('#amount-error').text()).toBe('Error: Enter pounds and pence');
    expect($('input#amount').attr('value')).toBe('12,5');
  });

  it('a form-level error marks the field invalid and describes it without repeating the message', () => {
    const $ = cheerio.load(`${errorNote('Wrong username or password', 'login-error').value}${textField({ name: 'username', label: 'Username', formErrorId: 'login-error' }).value}`);
    expect($('input#username').attr('aria-invalid')).toBe('true');
    expect($('input#username').attr('aria-describedby')).toBe('login-error');
    expect($('#login-error[role=alert]').text()).toBe('Wrong username or password');
    expect($('.field-error')).toHaveLength(0);
  });

  it('a typed value comes back escaped', () => {
    expect(textField({ name: 'payee', label: 'Payee', value: '"><script>' }).value).toContain('value="&quot;&gt;&lt;script&gt;"');
  });

  it('a choice is one label around its input and its hint: both name the input', () => {
    const $ = cheerio.load(choice({ type: 'checkbox', name: 'accountIds', value: 'acc-1', id: 'account-acc-1', label: 'Main <account>', hint: '99-00-01 10000001' }).value);
    expect($('label[for=account-acc-1] input#account-acc-1[type=checkbox][name=accountIds][value=acc-1]')).toHaveLength(1);
    expect($('.choice-label').text()).toBe('Main <account>');
    expect($('label').text().replace(/\s+/g, ' ').trim()).toBe('Main <account> 99-00-01 10000001');
  });

  it('no error, no note', () => {
    expect(errorNote(undefined).value).toBe('');
  });
});
