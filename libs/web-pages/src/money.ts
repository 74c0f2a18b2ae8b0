import { html, type SafeHtml } from './html';

export type CreditDebit = 'Credit' | 'Debit';

/** Open Banking amounts are decimal strings (`^\d{1,13}$|^\d{1,13}\.\d{1,5}$`); formatted exactly, never via a float. */
type DecimalString = `${number}`;

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formatters.get(currency);
  if (!format) {
    // en-GB: the UK way to write money (£1,234.56); other currencies get their own symbol or code (€12.00, CHF 5.00).
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 5 });
    formatters.set(currency, format);
  }
  return format;
}

/** An amount as people write it: "£1,234.56" (at least the currency's minor digits, every digit it was given). */
export function formatAmount(amount: string | number, currency: string): string {
  return currencyFormat(currency).format(String(amount) as DecimalString as unknown as number);
}

const DIRECTION: Record<CreditDebit, { sign: string; words: string }> = {
  // U+2212 MINUS SIGN: the typographic minus, read as "minus" by screen readers, unlike a hyphen.
  Debit: { sign: '\u2212', words: 'money out' },
  Credit: { sign: '+', words: 'money in' },
};

/**
 * An amount as money: `<span class="money">£1,234.56</span>`. With `creditDebit` (OB CreditDebitIndicator, the amount
 * itself is never negative), debits and credits are told apart three ways, so that neither colour nor a sign alone
 * carries the meaning (WCAG 1.4.1): a class (`money-debit` red / `money-credit` green), a sign (−£12.50 / +£12.50),
 * and words for screen readers ("money out" / "money in").
 */
export function formatMoney(amount: string | number, currency: string, options: { creditDebit?: CreditDebit } = {}): SafeHtml {
  const text = formatAmount(amount, currency);
  if (!options.creditDebit) return html`<span class="money">${text}</span>`;
  const { sign, words } = DIRECTION[options.creditDebit];
  return html`<span class="money money-${options.creditDebit.toLowerCase()}" data-credit-debit="${options.creditDebit}"><span class="visually-hidden">${words} </span><span aria-hidden="true">${sign}</span>${text}</span>`;
}
