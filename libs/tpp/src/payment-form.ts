import type { PaymentOrder } from './payment-order';

/** The fields of the "Make a payment" form, in the order the page shows them. */
export const PAYMENT_FORM_FIELDS = ['payeeName', 'sortCode', 'accountNumber', 'amount', 'reference'] as const;
export type PaymentFormField = (typeof PAYMENT_FORM_FIELDS)[number];

/** What the PSU typed, as typed (re-shown untouched when something is wrong). */
export type PaymentFormValues = Record<PaymentFormField, string>;

export type PaymentFormErrors = Partial<Record<PaymentFormField, string>>;

export type PaymentFormResult = { valid: true; order: PaymentOrder } | { valid: false; values: PaymentFormValues; errors: PaymentFormErrors };

/** The longest payee name accepted (ISO 20022 Max70Text, well within OB's 350). */
export const MAX_PAYEE_NAME_LENGTH = 70;

/** Faster Payments carries 18 characters of the payer's reference. */
export const MAX_REFERENCE_LENGTH = 18;

/** The characters Faster Payments accepts in a reference. */
const REFERENCE_CHARACTERS = /^[A-Za-z0-9 /\-?:().,'+]*$/;

type FieldCheck = (raw: string) => { value: string } | { error: string };

/** A name the payee's bank can show: present, at most 70 characters, no control or formatting characters. */
const checkPayeeName: FieldCheck = (raw) => {
  const value = raw.trim();
  if (!value) return { error: "Enter the payee's name." };
  if ([...value].length > MAX_PAYEE_NAME_LENGTH) return { error: `The payee's name can be at most ${MAX_PAYEE_NAME_LENGTH} characters.` };
  if (/[\p{Cc}\p{Cf}]/u.test(value)) return { error: "The payee's name can only contain letters, digits, spaces and punctuation." };
  return { value };
};

/** A UK sort code: six digits, typed with or without hyphens or spaces. */
const checkSortCode: FieldCheck = (raw) => {
  const value = raw.replace(/[\s-]/g, '');
  if (!value) return { error: "Enter the payee's sort code." };
  if (!/^\d{6}$/.test(value)) return { error: 'A sort code is 6 digits, like 12-34-56.' };
  return { value };
};

/** A UK account number: eight digits, spaces ignored. */
const checkAccountNumber: FieldCheck = (raw) => {
  const value = raw.replace(/\s/g, '');
  if (!value) return { error: "Enter the payee's account number." };
  if (!/^\d{8}$/.test(value)) return { error: 'An account number is 8 digits, like 12345678.' };
  return { value };
};

/** Pounds and at most two decimals of pence, more than zero, a leading £ allowed; normalised to "12.50". */
const checkAmount: FieldCheck = (raw) => {
  const typed = raw.trim().replace(/^£\s*/, '');
  if (!typed) return { error: 'Enter the amount to pay.' };
  const parts = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(typed);
  if (!parts) return { error: 'Enter the amount in pounds and pence, like 12.50.' };
  const value = `${BigInt(parts[1])}.${(parts[2] ?? '').padEnd(2, '0')}`;
  if (value === '0.00') return { error: 'The amount must be more than £0.00.' };
  return { value };
};

/** A reference for the payee: present, at most 18 characters of the Faster Payments character set. */
const checkReference: FieldCheck = (raw) => {
  const value = raw.trim();
  if (!value) return { error: 'Enter a reference for the payee.' };
  if (value.length > MAX_REFERENCE_LENGTH) return { error: `A reference can be at most ${MAX_REFERENCE_LENGTH} characters.` };
  if (!REFERENCE_CHARACTERS.test(value)) return { error: "A reference can only contain letters, digits, spaces and / - ? : ( ) . , ' +" };
  return { value };
};

const CHECKS: Record<PaymentFormField, FieldCheck> = {
  payeeName: checkPayeeName,
  sortCode: checkSortCode,
  accountNumber: checkAccountNumber,
  amount: checkAmount,
  reference: checkReference,
};

/** The form's fields from a parsed urlencoded body: a missing or non-text field reads as empty. */
export function paymentFormValues(body: unknown): PaymentFormValues {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(PAYMENT_FORM_FIELDS.map((name) => [name, typeof fields[name] === 'string' ? fields[name] : ''])) as PaymentFormValues;
}

/** Every field checked (so the PSU sees all problems at once); the order only when all pass. */
export function validatePaymentForm(values: PaymentFormValues): PaymentFormResult {
  const order: Partial<PaymentOrder> = {};
  const errors: PaymentFormErrors = {};
  for (const field of PAYMENT_FORM_FIELDS) {
    const checked = CHECKS[field](values[field]);
    if ('error' in checked) errors[field] = checked.error;
    else order[field] = checked.value;
  }
  return Object.keys(errors).length ? { valid: false, values, errors } : { valid: true, order: order as PaymentOrder };
}
