import { randomBytes } from 'node:crypto';
import { isPlainText, ok, psuCredentialsOf, refuse, type PsuAccountSummary, type PsuIdentity, type RpcReply, type TestCustomer } from '@fapi/nats-contract';
import { SANDBOX_CUSTOMERS } from '../ledger/sandbox-ledger';
import type { CustomerReads } from './customer-reads';
import { hashPassword, verifyPassword } from './password-hash';

/** The one refusal for any failed login: an unknown user and a wrong password must look the same. */
const LOGIN_REFUSED = 'unknown username or wrong password';

/** The length of the customer table's psu_id column. */
const MAX_PSU_ID_LENGTH = 64;

/** "990001", "10000001" -> "99-00-01 10000001": how the PSU knows the account. */
export const displayIdentifier = (sortCode: string, accountNumber: string) =>
  `${sortCode.slice(0, 2)}-${sortCode.slice(2, 4)}-${sortCode.slice(4, 6)} ${accountNumber}`;

/** What the authorization server may ask the bank about its customers: log them in, list their accounts, who the test customers are. */
export class PsuDirectory {
  /**
   * A hash no password matches, checked for unknown users so they cost the same scrypt work as customers with a secret
   * password. A published test customer's refusal is quicker (PUBLISHED_PASSWORD_COST): that tells only that the
   * username is one of the published ones.
   */
  private readonly decoyHash = hashPassword(randomBytes(32).toString('base64'));

  constructor(private readonly customers: CustomerReads) {}

  /** Every refusal but a published customer's costs the same scrypt work, malformed credentials included: timing tells nothing secret. */
  async authenticate(payload: unknown): Promise<RpcReply<PsuIdentity>> {
    const credentials = psuCredentialsOf(payload);
    const customer = credentials && (await this.customers.byUsername(credentials.username));
    const matches = await verifyPassword(credentials?.password ?? '', customer?.passwordHash ?? (await this.decoyHash));
    return customer && matches ? ok({ psuId: customer.psuId, name: customer.name }) : refuse('INVALID', LOGIN_REFUSED);
  }

  async accounts(payload: unknown): Promise<RpcReply<PsuAccountSummary[]>> {
    const { psuId } = (payload ?? {}) as Record<string, unknown>;
    if (!isPlainText(psuId, MAX_PSU_ID_LENGTH)) return refuse('INVALID', 'psuId must be a non-empty string without control characters');
    const accounts = await this.customers.accountsOf(psuId);
    if (!accounts) return refuse('NOT_FOUND', `no customer ${psuId}`);
    return ok(
      accounts.map((account) => ({
        accountId: account.accountId,
        nickname: account.nickname,
        currency: account.currency,
        displayIdentifier: displayIdentifier(account.sortCode, account.accountNumber),
      })),
    );
  }

  /** The customers the bank is seeded with (seed.ts), whose sandbox passwords are public: for the sign-in page's hint. */
  testCustomers(): RpcReply<TestCustomer[]> {
    return ok(SANDBOX_CUSTOMERS.map(({ name, username, password }) => ({ name, username, password })));
  }
}
