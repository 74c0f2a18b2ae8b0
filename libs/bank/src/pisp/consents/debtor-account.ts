import { type OBDomesticInitiation, ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import type { BankStore } from '../../ledger/bank-store';
import { SORT_CODE_ACCOUNT_NUMBER, ukAccountOf } from '../../payments/payee';

const DEBTOR_PATH = 'Data.Initiation.DebtorAccount';

/** Finds a customer's account (never one of the bank's own) by its UK sort code and account number. */
export type CustomerAccountLookup = (sortCode: string, accountNumber: string) => Promise<string | undefined>;

export function customerAccountLookup(store: BankStore): CustomerAccountLookup {
  return async (sortCode, accountNumber) => {
    const account = await store.prisma.account.findFirst({ where: { sortCode, accountNumber, psuId: { not: null } }, select: { accountId: true } });
    return account?.accountId;
  };
}

/**
 * Rule: a DebtorAccount, when the TPP fixes one, is a customer's account of this bank: named by
 * UK.OBIE.SortCodeAccountNumber (else 400 U027 Unsupported.Scheme), as 14 digits (else 400 U002), of an account the
 * bank holds (else 400 U021 Unsupported.AccountIdentifier). Returns its account id, or undefined when the PSU is to
 * choose the account.
 */
export async function debtorAccountOfBank(initiation: OBDomesticInitiation, findAccount: CustomerAccountLookup): Promise<string | undefined> {
  const debtor = initiation.DebtorAccount;
  if (!debtor) return undefined;
  if (debtor.SchemeName !== SORT_CODE_ACCOUNT_NUMBER) {
    throw ObError.of('U027', refusalText(RULES.debtorAccountScheme, `SchemeName is ${receivedValue(debtor.SchemeName)}`), `${DEBTOR_PATH}.SchemeName`);
  }
  const uk = ukAccountOf({ scheme: debtor.SchemeName, identification: debtor.Identification });
  if (!uk) throw ObError.of('U002', refusalText(RULES.debtorAccountIdentification, 'Identification is not 14 digits'), `${DEBTOR_PATH}.Identification`);
  const accountId = await findAccount(uk.sortCode, uk.accountNumber);
  if (!accountId) {
    const received = 'the bank holds no customer account with this sort code and account number';
    throw ObError.of('U021', refusalText(RULES.debtorAccountKnown, received), `${DEBTOR_PATH}.Identification`);
  }
  return accountId;
}
