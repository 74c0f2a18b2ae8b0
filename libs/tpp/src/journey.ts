import * as oidc from 'openid-client';
import type { SignatureKeys } from '@fapi/message-signing';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { AccountSummary, SharedAccount } from './account-information';
import { type Connection, completeAuthorization } from './authorization-callback';
import { type AuthorizationPurpose, type AuthorizationRequest, type PendingAuthorization, buildAuthorizationRequest } from './authorization-request';
import { discoverAuthorizationServer } from './authorization-server';
import { ClientCredentialsTokens } from './client-credentials-tokens';
import { type FintechProtocol, fintechProtocol } from './fintech-protocol';
import type { JourneyRecorder } from './inspector/journey-recorder';
import { recordingFetch } from './inspector/recording-fetch';
import { bankSigningKeys, type RequestSigner, tppRequestSigner } from './message-signatures';
import { withJourneyInteractionId } from './journey-interaction';
import { mtlsFetch } from './mtls-fetch';
import { BankApiError } from './ob-http';
import { OpenBankingApi } from './open-banking-api';
import { type DomesticPayment, PaymentInitiationClient, type PaymentProgress } from './payment-initiation-client';
import { domesticPaymentConsentRequest, domesticPaymentRequest, type PaymentOrder } from './payment-order';
import { type TokenBinding, tokenBinding } from './token-binding';

export interface JourneyDependencies {
  /** Every call to the AS and the bank (defaults to mTLS with the TPP's transport certificate, whatever binds the tokens). */
  fetch?: oidc.CustomFetch;
  /** The openid-client configuration (defaults to discovery at the TPP's issuer, with `fetch`). */
  authorizationServer?: () => Promise<oidc.Configuration>;
  /** Signs PISP request bodies (defaults to the onboarded signing key). */
  signRequest?: RequestSigner;
  /** The bank's response-signing keys (defaults to the bank's published JWKS, fetched with `fetch`). */
  bankKeys?: SignatureKeys;
}

/** What a completed authorization led to: a connection to read accounts with, or the payment it made. */
export type AuthorizationOutcome =
  | { kind: 'account-access'; connection: Connection }
  | { kind: 'domestic-payment'; payment: DomesticPayment };

/**
 * The fintech's journeys with the bank. Both run the same way:
 * 1. a client-credentials token (scope `accounts` or `payments`) from the AS, 2. a consent at the bank
 * (account-access, or a signed domestic-payment consent), 3. the authorization request for it, 4. the callback:
 * response validated, code redeemed, intent checked, 5. what the consent was for: reading the shared accounts, or
 * making the payment with the consent's Initiation and Risk. How each request and response is protected, and what
 * binds the tokens, is the fintech's protocol (fintech-protocol.ts), read from what it registered.
 */
export class TppJourney {
  readonly protocol: FintechProtocol;
  /** The one fetch of every call to the AS and the bank: with the journey's interaction id, recorded. */
  readonly fetch: oidc.CustomFetch;
  private readonly binding: TokenBinding;
  private readonly accountInformation: OpenBankingApi;
  private readonly paymentInitiation: PaymentInitiationClient;
  private readonly discover: () => Promise<oidc.Configuration>;
  private readonly clientCredentials: ClientCredentialsTokens;
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    readonly tpp: OnboardedTpp,
    readonly redirectUri: string,
    /** Where the flow inspector records each journey (in the fintech's database, for every instance to show). */
    readonly recorder: JourneyRecorder,
    dependencies: JourneyDependencies = {},
  ) {
    this.protocol = fintechProtocol(tpp);
    this.fetch = withJourneyInteractionId(recordingFetch(this.recorder, dependencies.fetch ?? mtlsFetch(tpp.transport)));
    this.binding = tokenBinding(tpp, this.fetch, () => this.authorizationServer());
    this.accountInformation = new OpenBankingApi(tpp.bankUrl, this.binding.sendToBank);
    this.paymentInitiation = new PaymentInitiationClient(
      tpp.bankUrl,
      this.binding.sendToBank,
      dependencies.signRequest ?? tppRequestSigner(tpp),
      dependencies.bankKeys ?? bankSigningKeys(tpp.bankUrl, this.fetch),
    );
    this.discover = dependencies.authorizationServer ?? (() => discoverAuthorizationServer(tpp, this.fetch));
    this.clientCredentials = new ClientCredentialsTokens(async (scope) =>
      oidc.clientCredentialsGrant(await this.authorizationServer(), { scope }, await this.binding.tokenRequestOptions()),
    );
  }

  /** Steps 1 to 3 for account access: returns where to send the PSU and what to keep for the callback. */
  async startAccountAccess(): Promise<AuthorizationRequest> {
    const consent = await this.accountInformation.createAccountAccessConsent(await this.clientCredentials.token('accounts'));
    return this.authorizationRequest(consent.ConsentId, { kind: 'account-access' });
  }

  /** Steps 1 to 3 for a payment: the consent leaves the debtor account open, so the PSU picks it at their bank. */
  async startPayment(order: PaymentOrder): Promise<AuthorizationRequest> {
    const request = domesticPaymentConsentRequest(order);
    const consent = await this.paymentInitiation.createDomesticPaymentConsent(await this.clientCredentials.token('payments'), request);
    return this.authorizationRequest(consent.ConsentId, { kind: 'domestic-payment', initiation: request.Data.Initiation, risk: request.Risk });
  }

  /** Steps 4 and 5: the authorization response parameters (from the query, or the relayed fragment / posted form). */
  async finish(pending: PendingAuthorization, parameters: URLSearchParams): Promise<AuthorizationOutcome> {
    await this.recorder.callback(parameters, pending.redirectUri);
    const connection = await completeAuthorization(await this.authorizationServer(), this.protocol.response, pending, parameters, {
      tokenRequestOptions: await this.binding.tokenRequestOptions(),
    });
    const { purpose } = pending;
    if (purpose.kind === 'account-access') return { kind: 'account-access', connection };
    const request = domesticPaymentRequest(pending.consentId, purpose.initiation, purpose.risk);
    return { kind: 'domestic-payment', payment: await this.paymentInitiation.createDomesticPayment(connection.accessToken, request) };
  }

  /** Every account the PSU shared, each with its balances. */
  async sharedAccounts(connection: Connection): Promise<AccountSummary[]> {
    const accounts = await this.accountInformation.accounts(connection.accessToken);
    return Promise.all(
      accounts.map(async (account) => ({ account, balances: await this.accountInformation.balances(connection.accessToken, account.AccountId) })),
    );
  }

  /** One shared account with its balances and transactions (the bank refuses an account outside the consent). */
  async sharedAccount(connection: Connection, accountId: string): Promise<SharedAccount | undefined> {
    const [account, balances, transactions] = await Promise.all([
      this.accountInformation.account(connection.accessToken, accountId),
      this.accountInformation.balances(connection.accessToken, accountId),
      this.accountInformation.transactions(connection.accessToken, accountId),
    ]);
    return account && { account, balances, transactions };
  }

  /**
   * The PSU withdrew the access: the bank ends the consent, and refuses the connection's token from then on. A consent
   * the bank reports as already ended (400 U009: revoked at the bank, or by an earlier attempt whose answer was lost)
   * is as good as deleted.
   */
  async disconnect(connection: Connection): Promise<void> {
    try {
      await this.accountInformation.deleteAccountAccessConsent(await this.clientCredentials.token('accounts'), connection.consentId);
    } catch (error) {
      if (!(error instanceof BankApiError && error.status === 400 && error.errorCodes.includes('U009'))) throw error;
    }
  }

  /** A payment as the bank has it now (settlement moves its status on asynchronously), with the steps it went through. */
  async payment(paymentId: string): Promise<PaymentProgress> {
    const token = await this.clientCredentials.token('payments');
    const [payment, steps] = await Promise.all([
      this.paymentInitiation.domesticPayment(token, paymentId),
      this.paymentInitiation.domesticPaymentDetails(token, paymentId),
    ]);
    return { payment, steps };
  }

  private async authorizationRequest(consentId: string, purpose: AuthorizationPurpose): Promise<AuthorizationRequest> {
    const config = await this.authorizationServer();
    const request = await buildAuthorizationRequest(config, this.tpp, { consentId, purpose }, this.redirectUri, await this.binding.tokenRequestOptions());
    await this.recorder.authorizationRedirect(request.url, request.pending.codeVerifier);
    return request;
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
