import path from 'node:path';
import { loadSpecBackend, ObOpenApi } from './ob-openapi';

/** The unmodified official v4.0 Account and Transaction API OpenAPI (see specs/README.md for source and sha256). */
export const ACCOUNT_INFO_OPENAPI_FILE = path.resolve(__dirname, '../../specs/account-info-openapi.json');

/** Where the spec's paths live on an ASPSP (its `servers[0].url`). */
export const AISP_BASE_PATH = '/open-banking/v4.0/aisp';

export type AispOperationId =
  | 'CreateAccountAccessConsents'
  | 'GetAccountAccessConsentsConsentId'
  | 'DeleteAccountAccessConsentsConsentId'
  | 'GetAccounts'
  | 'GetAccountsAccountId'
  | 'GetAccountsAccountIdBalances'
  | 'GetBalances'
  | 'GetAccountsAccountIdTransactions'
  | 'GetTransactions';

/** The v4.0 AISP OpenAPI (see ObOpenApi). */
export class AccountInfoApi extends ObOpenApi<AispOperationId> {
  static async load(file: string = ACCOUNT_INFO_OPENAPI_FILE): Promise<AccountInfoApi> {
    return new AccountInfoApi(await loadSpecBackend(file, AISP_BASE_PATH), 'AISP');
  }
}
