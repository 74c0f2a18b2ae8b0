import type { PreparedStatements } from '../ledger/prepared-statements';

/** What a sign-in checks of a customer. */
export interface CustomerCredentials {
  psuId: string;
  name: string;
  /** scrypt$N$r$p$salt$hash (password-hash.ts). */
  passwordHash: string;
}

/** What the consent page shows of one of a customer's accounts. */
export interface CustomerAccount {
  accountId: string;
  nickname: string;
  currency: string;
  sortCode: string;
  accountNumber: string;
}

/**
 * The customer lookups of every PSU sign-in and consent page (asked by the authorization server over NATS), as
 * prepared statements (issue 11: through Prisma they were three queries per AIS journey, each compiled by its query
 * compiler; now two).
 */
export class CustomerReads {
  constructor(private readonly statements: PreparedStatements) {}

  async byUsername(username: string): Promise<CustomerCredentials | undefined> {
    const [customer] = await this.statements.rows<CustomerCredentials>(
      'customer-by-username',
      'SELECT psu_id AS "psuId", name, password_hash AS "passwordHash" FROM customer WHERE username = $1',
      [username],
    );
    return customer;
  }

  /** The customer's accounts in the order of their ids; undefined when there is no such customer (one query either way). */
  async accountsOf(psuId: string): Promise<CustomerAccount[] | undefined> {
    const rows = await this.statements.rows<{ [column in keyof CustomerAccount]: string | null }>(
      'customer-accounts',
      `SELECT a.account_id AS "accountId", a.nickname, a.currency, a.sort_code AS "sortCode", a.account_number AS "accountNumber"
        FROM customer c LEFT JOIN account a ON a.psu_id = c.psu_id WHERE c.psu_id = $1 ORDER BY a.account_id`,
      [psuId],
    );
    if (rows.length === 0) return undefined;
    // a customer without accounts is one row of nulls (the LEFT JOIN's)
    return rows.filter((row): row is CustomerAccount => row.accountId !== null);
  }
}
