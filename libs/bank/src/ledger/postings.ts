import { Prisma } from '../../generated/prisma';
import type { Counterparty } from './sandbox-ledger';

/** What the account holder sees of one side of a transfer. */
export interface PostingDetails {
  information: string;
  reference?: string;
  /** ProprietaryBankTransactionCode.Code, e.g. FasterPayment. */
  proprietaryCode: string;
  /** The other party's UK account, shown as CreditorAccount (of a debit) or DebtorAccount (of a credit). */
  counterparty?: Counterparty;
}

/** A payment's movement of money: one debit and one credit of the same amount (booked at the same time). */
export interface Transfer {
  paymentId: string;
  amountMinor: number;
  debit: PostingDetails & { accountId: string };
  credit: PostingDetails & { accountId: string };
}

/**
 * A SELECT (for a WITH item of the caller's statement) that locks the accounts' rows until the transaction ends,
 * always in account-id order so that two transfers between the same accounts in opposite directions cannot deadlock,
 * and returns their balances and limits as they are once locked; nothing is locked while `when` (an SQL condition) is
 * false. The caller reads every row it returns (a row not read is not locked). FOR NO KEY UPDATE (what an UPDATE of
 * the balance takes anyway) serialises settlements of an account like FOR UPDATE, but lets rows that only reference
 * the account (a payment being accepted, whose foreign key takes FOR KEY SHARE) be written meanwhile: FOR UPDATE made
 * every payment accepted for an account wait for that account's settlement in progress.
 */
export function lockedAccounts(accountIds: readonly string[], when: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT account_id, balance_minor, overdraft_limit_minor FROM account
    WHERE account_id = ANY(${[...new Set(accountIds)]}::varchar[]) AND ${when} ORDER BY account_id FOR NO KEY UPDATE`;
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
 * Two WITH items (`posted`, `balances`) of the caller's statement that post a transfer: the debit and the credit
 * posting, and both accounts' balances, booked at the `at` of the row `booking` (a SELECT) returns, and not at all
 * when it returns none. Use it after the accounts are locked (lockedAccounts) and the funds checked (canDebitSql):
 * the database still refuses an overdraft (CHECK on the balance) and a second posting of the same payment (unique
 * payment/account/direction), so a mistake here fails the statement instead of creating or losing money.
 *
 * Part of one statement: a settlement, which holds both accounts' locks until it commits, waits for no round trip of
 * the bank's meanwhile. Each balance moves by the sum of the postings on its account, so a transfer between an account
 * and itself leaves it unchanged, as the two postings say.
 */
export function transferPostings(transfer: Transfer, booking: Prisma.Sql): Prisma.Sql {
  const { paymentId, amountMinor, debit, credit } = transfer;
  const side = (postingId: string, accountId: string, creditDebit: 'Debit' | 'Credit', details: PostingDetails) => {
    const { information, reference, proprietaryCode, counterpartyName, counterpartySortCode, counterpartyAccountNumber } = postingDescription(details);
    return Prisma.sql`(${postingId}::varchar, ${accountId}::varchar, ${creditDebit}::"CreditDebit", ${information}::varchar, ${reference ?? null}::varchar,
      ${proprietaryCode}::varchar, ${counterpartyName ?? null}::varchar, ${counterpartySortCode ?? null}::varchar, ${counterpartyAccountNumber ?? null}::varchar)`;
  };
  return Prisma.sql`
    posted AS (
      INSERT INTO posting (posting_id, account_id, payment_id, amount_minor, credit_debit, booking_date_time, value_date_time,
        information, reference, proprietary_code, counterparty_name, counterparty_sort_code, counterparty_account_number)
      SELECT side.posting_id, side.account_id, ${paymentId}, ${amountMinor}, side.credit_debit, booking.at, booking.at,
        side.information, side.reference, side.proprietary_code, side.counterparty_name, side.counterparty_sort_code, side.counterparty_account_number
      FROM (${booking}) booking,
        (VALUES ${side(paymentPostingId(paymentId, 'debit'), debit.accountId, 'Debit', debit)}, ${side(paymentPostingId(paymentId, 'credit'), credit.accountId, 'Credit', credit)})
          AS side(posting_id, account_id, credit_debit, information, reference, proprietary_code, counterparty_name, counterparty_sort_code, counterparty_account_number)
      ORDER BY side.credit_debit DESC -- the debit first (Debit follows Credit in the enum), as its sequence shows
      RETURNING account_id, credit_debit, amount_minor
    ),
    balances AS (
      UPDATE account SET balance_minor = account.balance_minor + moved.amount_minor
      FROM (
        SELECT account_id, sum(CASE WHEN credit_debit = 'Credit' THEN amount_minor ELSE -amount_minor END)::int AS amount_minor
        FROM posted GROUP BY account_id
      ) moved
      WHERE account.account_id = moved.account_id
    )`;
}
