import * as cheerio from 'cheerio';
import { formatAmount, formatMoney } from './money';

describe('amounts are shown as money, the way people write it', () => {
  it('pounds get the £ sign, thousands separators and pence', () => {
    expect(formatAmount('1234.56', 'GBP')).toBe('£1,234.56');
    expect(formatAmount('1234.5', 'GBP')).toBe('£1,234.50');
    expect(formatAmount('42', 'GBP')).toBe('£42.00');
    expect(formatAmount('0.00', 'GBP')).toBe('£0.00');
  });

  it('an OB amount keeps every digit it was given, even past a float\'s precision or the minor unit', () => {
    expect(formatAmount('9999999999999.99', 'GBP')).toBe('£9,999,999,999,999.99');
    expect(formatAmount('0.12345', 'GBP')).toBe('£0.12345');
  });

  it('other currencies get their own symbol or code', () => {
    expect(formatAmount('10', 'EUR')).toBe('€10.00');
    expect(formatAmount('10', 'CHF')).toBe('CHF\u00a010.00'); // a no-break space: the code never wraps apart from the amount
  });

  it('a debit and a credit are told apart by class, sign and words for screen readers; colour is never the only cue', () => {
    const debit = cheerio.load(formatMoney('12.5', 'GBP', { creditDebit: 'Debit' }).value)('.money');
    const credit = cheerio.load(formatMoney('12.5', 'GBP', { creditDebit: 'Credit' }).value)('.money');
    expect({ classes: debit.attr('class'), shown: debit.find('[aria-hidden]').text() + debit.contents().last().text(), spoken: debit.find('.visually-hidden').text() }).toEqual({
      classes: 'money money-debit',
      shown: '\u2212£12.50',
      spoken: 'money out ',
    });
    expect({ classes: credit.attr('class'), shown: credit.find('[aria-hidden]').text() + credit.contents().last().text(), spoken: credit.find('.visually-hidden').text() }).toEqual({
      classes: 'money money-credit',
      shown: '+£12.50',
      spoken: 'money in ',
    });
    expect(debit.text()).toBe('money out \u2212£12.50');
  });

  it('without a direction an amount has neither sign nor colour', () => {
    expect(formatMoney('1234.56', 'GBP').value).toBe('<span class="money">£1,234.56</span>');
  });
});
