import type { OBTransaction6 } from '@fapi/open-banking';
import type { WindowTransaction } from '../../ledger/ledger-reads';
import { formatMinor, signedBalance } from '../../ledger/money';
import { SANDBOX_BANK_NAME } from './sandbox-bank';

/**
 * A booked transaction as OBTransaction6. With ReadTransactionsDetail it adds TransactionInformation, the running
 * Balance after it, MerchantDetails and the other party's account (CreditorAccount of a debit, DebtorAccount of a credit).
 */
export function obTransaction(transaction: WindowTransaction, currency: string, balanceAfterMinor: number, detail: boolean): OBTransaction6 {
  const basic: OBTransaction6 = {
    AccountId: transaction.accountId,
    TransactionId: transaction.postingId,
    ...(transaction.reference && { TransactionReference: transaction.reference }),
    CreditDebitIndicator: transaction.creditDebit,
    Status: 'BOOK',
    TransactionMutability: 'Immutable',
    BookingDateTime: transaction.bookingDateTime,
    ValueDateTime: transaction.valueDateTime,
    Amount: { Amount: formatMinor(transaction.amountMinor), Currency: currency },
    ProprietaryBankTransactionCode: { Code: transaction.proprietaryCode, Issuer: SANDBOX_BANK_NAME },
  };
  if (!detail) return basic;
  const { Amount, CreditDebitIndicator } = signedBalance(balanceAfterMinor);
  const counterparty = transaction.counterpartySortCode &&
    transaction.counterpartyAccountNumber && {
      SchemeName: 'UK.OBIE.SortCodeAccountNumber' as const,
      Identification: `${transaction.counterpartySortCode}${transaction.counterpartyAccountNumber}`,
      ...(transaction.counterpartyName && { Name: transaction.counterpartyName }),
    };
  return {
    ...basic,
    TransactionInformation: transaction.information,
    Balance: { CreditDebitIndicator, Type: 'ITBD', Amount: { Amount, Currency: currency } },
    ...(transaction.merchantName && {
      MerchantDetails: {
        MerchantName: transaction.merchantName,
        ...(transaction.merchantCategoryCode && { MerchantCategoryCode: transaction.merchantCategoryCode }),
      },
    }),
    ...(counterparty && (transaction.creditDebit === 'Debit' ? { CreditorAccount: counterparty } : { DebtorAccount: counterparty })),
  };
}
