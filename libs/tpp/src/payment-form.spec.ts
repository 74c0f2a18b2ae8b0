import { paymentFormValues, type PaymentFormValues, validatePaymentForm } from './payment-form';

const GOOD: PaymentFormValues = { payeeName: ' Bob Builder ', sortCode: '12-34-56', accountNumber: '1234 5678', amount: '£12.5', reference: 'INV-42' };

describe('a well-filled payment form becomes a normalised order', () => {
  it('trims the name, strips sort code and account number separators, puts the amount in pounds and pence', () => {
    expect(validatePaymentForm(GOOD)).toEqual({
      valid: true,
      order: { payeeName: 'Bob Builder', sortCode: '123456', accountNumber: '12345678', amount: '12.50', reference: 'INV-42' },
    });
  });

  it.each([
    ['7', '7.00'],
    ['0007.1', '7.10'],
    ['1234567890123.99', '1234567890123.99'],
    ['0.01', '0.01'],
  ])('amount %s is %s', (amount, normalised) => {
    expect(validatePaymentForm({ ...GOOD, amount })).toMatchObject({ valid: true, order: { amount: normalised } });
  });
});

describe('each bad field is refused with its own message, and what was typed is kept', () => {
  it.each([
    ['payeeName', '   ', "Enter the payee's name."],
    ['payeeName', 'x'.repeat(71), "The payee's name can be at most 70 characters."],
    ['payeeName', 'Bob\u0000', "The payee's name can only contain letters, digits, spaces and punctuation."],
    ['sortCode', '', "Enter the payee's sort code."],
    ['sortCode', '12-34-5', 'A sort code is 6 digits, like 12-34-56.'],
    ['sortCode', '12-34-5a', 'A sort code is 6 digits, like 12-34-56.'],
    ['accountNumber', '', "Enter the payee's account number."],
    ['accountNumber', '1234567', 'An account number is 8 digits, like 12345678.'],
    ['accountNumber', '123456789', 'An account number is 8 digits, like 12345678.'],
    ['amount', '', 'Enter the amount to pay.'],
    ['amount', '12.345', 'Enter the amount in pounds and pence, like 12.50.'],
    ['amount', '-5', 'Enter the amount in pounds and pence, like 12.50.'],
    ['amount', '1e3', 'Enter the amount in pounds and pence, like 12.50.'],
    ['amount', '12345678901234', 'Enter the amount in pounds and pence, like 12.50.'],
    ['amount', '0.00', 'The amount must be more than £0.00.'],
    ['reference', '', 'Enter a reference for the payee.'],
    ['reference', 'R'.repeat(19), 'A reference can be at most 18 characters.'],
    ['reference', 'rent & bills', "A reference can only contain letters, digits, spaces and / - ? : ( ) . , ' +"],
  ] as const)('%s %j: %s', (field, value, message) => {
    const values = { ...GOOD, [field]: value };
    expect(validatePaymentForm(values)).toEqual({ valid: false, values, errors: { [field]: message } });
  });

  it('reports every bad field at once', () => {
    const result = validatePaymentForm({ payeeName: '', sortCode: '1', accountNumber: 'x', amount: '0', reference: '' });
    expect(result.valid).toBe(false);
    expect(Object.keys(!result.valid ? result.errors : {})).toEqual(['payeeName', 'sortCode', 'accountNumber', 'amount', 'reference']);
  });
});

describe('the form body is read as text fields only', () => {
  it('a missing, repeated or non-text field reads as empty', () => {
    expect(paymentFormValues({ payeeName: 'Bob', sortCode: ['1', '2'], amount: { a: 1 } })).toEqual({
      payeeName: 'Bob',
      sortCode: '',
      accountNumber: '',
      amount: '',
      reference: '',
    });
    expect(paymentFormValues(undefined)).toEqual({ payeeName: '', sortCode: '', accountNumber: '', amount: '', reference: '' });
  });
});
