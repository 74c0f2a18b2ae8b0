import type { Prisma } from '../../generated/prisma';
import type { FundsPosition } from './funds';
import type { Counterparty } from './sandbox-ledger';

/** A database transaction of the bank's store: every posting is made inside one, with the balance it changes. */
export type LedgerTransaction = Prisma.TransactionClient;

/** What the account holder sees of one side of a transfer. */
export interface PostingDetails {
  information: string;
  reference?: string;
  /** ProprietaryBankTransactionCode.Code, e.g. FasterPayment. */
  proprietaryCode: string;
  /** The other party's UK account, shown as CreditorAccount (of a debit) or DebtorAccount (of a credit). */
  counterparty?: Counterparty;
}

/** A payment's movement of money: one debit and one credit of the same amount, booked at the same time. */
export interface Transfer {
  paymentId: string;
  amountMinor: number;
  bookedAt: Date;
  debit: PostingDetails & { accountId: string };
  credit: PostingDetails & { accountId: string };
}

export interface LockedAccount extends FundsPosition {
  accountId: string;
  currency: string;
}

/**
 * Locks the accounts' rows until the transaction ends, always in account-id order so that two transfers between the
 * same accounts in opposite directions cannot deadlock. Returns the locked balances. FOR NO KEY UPDATE (what an
 * UPDATE of the balance takes anyway) serialises settlements of an account like FOR UPDATE, but lets rows that only
 * reference the account (a payment being accepted, whose foreign key takes FOR KEY SHARE) be written meanwhile:
 * FOR UPDATE made every payment accepted for an account wait for that account's settlement in progress.
 */
export async function lockAccounts(tx: LedgerTransaction, accountIds: readonly string[]): Promise<Map<string, LockedAccount>> {
  const ids = [...new Set(accountIds)].sort();
  const rows = await tx.$queryRaw<{ account_id: string; currency: string; balance_minor: number; overdraft_limit_minor: number }[]>`
    SELECT account_id, currency, balance_minor, overdraft_limit_minor FROM account
    WHERE account_id = ANY(${ids}::varchar[]) ORDER BY account_id FOR NO KEY UPDATE`;
  return new Map(
    rows.map((row) => [
      row.account_id,
      { accountId: row.account_id, currency: row.currency, balanceMinor: row.balance_minor, overdraftLimitMinor: row.overdraft_limit_minor },
    ]),
  );
}

/** The columns of a posting that describe it to the account holder (everything but amount, direction and time). */
export function postingDescription({ information, reference, proprietaryCode, counterparty }: PostingDetails) {
  return {
    information,
    reference,
    proprietaryCode,
    counterpartyName: counterparty?.name,
    counterpartySortCode: counterparty?.sortCode,
    counterpartyAccountNumber: counterparty?.accountNumber,
  };
}

/** The ids of a payment's two postings (also their TransactionId): one debit and one credit per payment. */
export const paymentPostingId = (paymentId: string, side: 'debit' | 'credit') => `${paymentId}-${side}`;

/**
 * Posts a transfer: the debit and the credit posting, and both accounts' balances, in the caller's transaction.
 * Call it with the accounts locked (lockAccounts) and the funds checked (canDebit): the database still refuses
 * an overdraft (CHECK on the balance) and a second posting of the same payment (unique payment/account/direction),
 * so a mistake here fails the transaction instead of creating or losing money.
 *
 * One statement (the postings inserted, the balances updated from them), so a settlement, which holds both accounts'
 * locks meanwhile, spends one round trip here instead of three. Each balance moves by the sum of the postings on its
 * account, so a transfer between an account and itself leaves it unchanged, as the two postings say.
 */
export async function postTransfer(tx: LedgerTransaction, transfer: Transfer): Promise<void> {
  const { paymentId, amountMinor, bookedAt, debit, credit } = transfer;
  const [debitDetails, creditDetails] = [postingDescription(debit), postingDescription(credit)];
  await tx.$executeRaw`
    WITH posted AS (
      INSERT INTO posting (posting_id, account_id, payment_id, amount_minor, credit_debit, booking_date_time, value_date_time,
        information, reference, proprietary_code, counterparty_name, counterparty_sort_code, counterparty_account_number)
      VALUES
        (${paymentPostingId(paymentId, 'debit')}, ${debit.accountId}, ${paymentId}, ${amountMinor}, 'Debit'::"CreditDebit", ${bookedAt}, ${bookedAt},
         ${debitDetails.information}, ${debitDetails.reference ?? null}, ${debitDetails.proprietaryCode},
         ${debitDetails.counterpartyName ?? null}, ${debitDetails.counterpartySortCode ?? null}, ${debitDetails.counterpartyAccountNumber ?? null}),
        (${paymentPostingId(paymentId, 'credit')}, ${credit.accountId}, ${paymentId}, ${amountMinor}, 'Credit'::"CreditDebit", ${bookedAt}, ${bookedAt},
         ${creditDetails.information}, ${creditDetails.reference ?? null}, ${creditDetails.proprietaryCode},
         ${creditDetails.counterpartyName ?? null}, ${creditDetails.counterpartySortCode ?? null}, ${creditDetails.counterpartyAccountNumber ?? null})
      RETURNING account_id, credit_debit, amount_minor
    )
    UPDATE account SET balance_minor = account.balance_minor + moved.amount_minor
    FROM (
      SELECT account_id, sum(CASE WHEN credit_debit = 'Credit' THEN amount_minor ELSE -amount_minor END)::int AS amount_minor
      FROM posted GROUP BY account_id
    ) moved
    WHERE account.account_id = moved.account_id`;
}
