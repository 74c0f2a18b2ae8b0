import { ObError } from '@fapi/open-banking';
import { BANK_ACCESS_RULES, refusalText } from '@fapi/refusal-catalogue';
import { ConsentAlreadyUsed, PaymentNotAcceptable, type UnacceptablePart } from '../../payments/payment-errors';

/** Where in the payment order each part the ledger cannot accept is, and the OB code that says why. */
const UNACCEPTABLE: Record<UnacceptablePart, { code: 'U002' | 'U023'; path: string }> = {
  amount: { code: 'U002', path: 'Data.Initiation.InstructedAmount.Amount' },
  currency: { code: 'U023', path: 'Data.Initiation.InstructedAmount.Currency' },
  'debtor-account': { code: 'U002', path: 'Data.Initiation.DebtorAccount' },
};

/**
 * The ledger's refusals of a payment as the TPP sees them: a part it cannot accept is a 400 naming it; a consent that
 * already made a (different) payment is 400 U009. Anything else stays unexpected.
 */
export function obRefusalOf(error: unknown): unknown {
  if (error instanceof PaymentNotAcceptable) return ObError.of(UNACCEPTABLE[error.part].code, error.message, UNACCEPTABLE[error.part].path);
  if (error instanceof ConsentAlreadyUsed) return ObError.of('U009', refusalText(BANK_ACCESS_RULES.paymentConsentUsable, 'the consent has already made its payment'), 'Data.ConsentId');
  return error;
}
