import type { Account, Posting } from '../../generated/prisma';
import type { PreparedStatements } from './prepared-statements';
import { TIMESTAMPS_AS_ISO_TEXT } from './utc-timestamps';

/** A customer's account with the name of its holder (shown as the account name with ReadAccountsDetail). */
export type AccountWithHolder = Account & { customer: { name: string } };

/**
 * A booked transaction as the transactions read shows it: its times as ISO 8601 text (UTC), and whether it was booked
 * from the window's start on (earlier ones count only towards the running balances).
 */
export type WindowTransaction = Omit<Posting, 'bookingDateTime' | 'valueDateTime'> & {
  bookingDateTime: string;
  valueDateTime: string;
  inWindow: boolean;
};

const ACCOUNT_COLUMNS = `a.account_id AS "accountId", a.psu_id AS "psuId", a.currency, a.nickname, a.sort_code AS "sortCode",
  a.account_number AS "accountNumber", a.account_category AS "accountCategory", a.account_type_code AS "accountTypeCode",
  a.opening_date AS "openingDate", a.opening_balance_minor AS "openingBalanceMinor", a.balance_minor AS "balanceMinor",
  a.overdraft_limit_minor AS "overdraftLimitMinor"`;

const POSTING_COLUMNS = `posting_id AS "postingId", sequence, account_id AS "accountId", payment_id AS "paymentId",
  amount_minor AS "amountMinor", credit_debit AS "creditDebit", booking_date_time AS "bookingDateTime",
  value_date_time AS "valueDateTime", information, reference, proprietary_code AS "proprietaryCode",
  merchant_name AS "merchantName", merchant_category_code AS "merchantCategoryCode", counterparty_name AS "counterpartyName",
  counterparty_sort_code AS "counterpartySortCode", counterparty_account_number AS "counterpartyAccountNumber"`;

/**
 * What the AISP resources read of the ledger, as prepared statements (PreparedStatements). PSUs only ever see
 * customers' accounts, never the bank's own (such as the external clearing account, which has no customer).
 */
export class LedgerReads {
  constructor(private readonly statements: PreparedStatements) {}

  /** The customers' accounts among `accountIds` that exist, in the order of their ids. */
  async accounts(accountIds: readonly string[]): Promise<AccountWithHolder[]> {
    const rows = await this.statements.rows<Account & { holderName: string }>(
      'ledger-accounts',
      `SELECT ${ACCOUNT_COLUMNS}, c.name AS "holderName" FROM account a JOIN customer c ON c.psu_id = a.psu_id
        WHERE a.account_id = ANY($1) ORDER BY a.account_id`,
      [accountIds],
    );
    return rows.map(({ holderName, ...account }) => ({ ...account, customer: { name: holderName } }));
  }

  /** Whether a customer's account has this id. */
  accountExists(accountId: string): Promise<boolean> {
    return this.statements.exists('ledger-account-exists', 'SELECT 1 FROM account WHERE account_id = $1 AND psu_id IS NOT NULL', [accountId]);
  }

  /** The accounts' booked transactions (their postings) up to (and including) `window.to`, oldest first. */
  transactions(accountIds: readonly string[], window: { from?: Date; to?: Date }): Promise<WindowTransaction[]> {
    return this.statements.rows<WindowTransaction>(
      'ledger-transactions',
      `SELECT ${POSTING_COLUMNS}, booking_date_time >= COALESCE($3, '-infinity'::timestamptz) AS "inWindow"
        FROM posting WHERE account_id = ANY($1) AND booking_date_time <= COALESCE($2, 'infinity'::timestamptz)
        ORDER BY booking_date_time, sequence`,
      [accountIds, window.to ?? null, window.from ?? null],
      TIMESTAMPS_AS_ISO_TEXT,
    );
  }

  /** Per account: the net of its postings (credits minus debits, minor units) and its latest booking. */
  async bookedTotals(accountIds: readonly string[]): Promise<Map<string, { netMinor: number; lastBooking?: Date }>> {
    const rows = await this.statements.rows<{ accountId: string; netMinor: string; lastBooking: Date }>(
      'ledger-booked-totals',
      `SELECT account_id AS "accountId", sum(CASE credit_debit WHEN 'Credit' THEN amount_minor ELSE -amount_minor END) AS "netMinor",
        max(booking_date_time) AS "lastBooking" FROM posting WHERE account_id = ANY($1) GROUP BY account_id`,
      [accountIds],
    );
    // sum() of integers is a bigint, which node-postgres gives as a string
    return new Map(rows.map(({ accountId, netMinor, lastBooking }) => [accountId, { netMinor: Number(netMinor), lastBooking }]));
  }
}
