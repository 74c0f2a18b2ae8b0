import * as oidc from 'openid-client';
import type { SharedAccount } from './account-information';
import { type Connection, completeAuthorization } from './authorization-callback';
import { type AuthorizationRequest, type PendingAuthorization, buildAuthorizationRequest } from './authorization-request';
import { discoverAuthorizationServer } from './authorization-server';
import { mtlsFetch } from './mtls-fetch';
import type { OnboardedTpp } from '@fapi/onboarding';
import { OpenBankingApi } from './open-banking-api';

export interface JourneyDependencies {
  /** Every call to the AS and the bank (defaults to mTLS with the TPP's transport certificate). */
  fetch?: oidc.CustomFetch;
  /** The openid-client configuration (defaults to discovery at the TPP's issuer, with `fetch`). */
  authorizationServer?: () => Promise<oidc.Configuration>;
}

/**
 * The fintech's consent journey, in the order it happens:
 * 1. a client-credentials token (scope `accounts`) from the AS, 2. an account-access-consent at the bank,
 * 3. the signed authorization request for it, 4. the callback: response validated, code redeemed, intent checked,
 * 5. the shared accounts with their balances and transactions.
 */
export class TppJourney {
  private readonly fetch: oidc.CustomFetch;
  private readonly bank: OpenBankingApi;
  private readonly discover: () => Promise<oidc.Configuration>;
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    readonly tpp: OnboardedTpp,
    readonly redirectUri: string,
    dependencies: JourneyDependencies = {},
  ) {
    this.fetch = dependencies.fetch ?? mtlsFetch(tpp.transport);
    this.bank = new OpenBankingApi(tpp.bankUrl, this.fetch);
    this.discover = dependencies.authorizationServer ?? (() => discoverAuthorizationServer(tpp, this.fetch));
  }

  /** Steps 1 to 3: returns where to send the PSU and what to keep for the callback. */
  async start(): Promise<AuthorizationRequest> {
    const config = await this.authorizationServer();
    const { access_token } = await oidc.clientCredentialsGrant(config, { scope: 'accounts' });
    const consent = await this.bank.createAccountAccessConsent(access_token);
    return buildAuthorizationRequest(config, this.tpp, consent.ConsentId, this.redirectUri);
  }

  /** Step 4: the authorization response parameters (from the query, or the relayed fragment / posted form). */
  async finish(pending: PendingAuthorization, parameters: URLSearchParams): Promise<Connection> {
    return completeAuthorization(await this.authorizationServer(), this.tpp.responseStyle, pending, parameters);
  }

  /** Step 5: every account the PSU shared, each with its balances and transactions. */
  async sharedAccounts(connection: Connection): Promise<SharedAccount[]> {
    const accounts = await this.bank.accounts(connection.accessToken);
    return Promise.all(
      accounts.map(async (account) => {
        const [balances, transactions] = await Promise.all([
          this.bank.balances(connection.accessToken, account.AccountId),
          this.bank.transactions(connection.accessToken, account.AccountId),
        ]);
        return { account, balances, transactions };
      }),
    );
  }

  /** Discovered once; a failed discovery (AS not up yet) is retried on the next use. */
  private authorizationServer(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }
}
