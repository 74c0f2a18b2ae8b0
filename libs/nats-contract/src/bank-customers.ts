/** What the authorization server may learn about a bank customer (PSU) to log them in and show the consent page. */
export interface PsuIdentity {
  psuId: string;
  name: string;
}

export interface AuthenticatePsu {
  username: string;
  password: string;
}

export interface ListPsuAccounts {
  psuId: string;
}

/** An account as the consent page lists it for the PSU to choose from. */
export interface PsuAccountSummary {
  accountId: string;
  nickname: string;
  currency: string;
  /** Sort code + account number, as the PSU knows it (e.g. "60-16-13 31926819"). */
  displayIdentifier: string;
}
