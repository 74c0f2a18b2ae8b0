import type { NatsContractClient, PsuAccountSummary, RpcReply } from '@fapi/nats-contract';
import type { SafeHtml } from '@fapi/web-pages';
import type { Choice } from '../interactions/account-choices';

export type ConsentRequester = Pick<NatsContractClient, 'request'>;

/** A consent of a client, as consent-service's get and reject subjects name it. */
export interface ConsentOfClient {
  consentId: string;
  clientId: string;
}

/** What the authorization server reads of a consent of any kind. */
export interface ConsentOfAnyKind extends ConsentOfClient {
  status: string;
}

/** What every consent page is rendered with, besides the consent itself. */
export interface ConsentPageView {
  uid: string;
  /** The form's anti-forgery token (interactions/interaction-form-token.ts). */
  formToken: string;
  clientName: string;
  accounts: PsuAccountSummary[];
  /** Why the PSU's last choice could not be accepted. */
  error?: string;
}

/** How an approval ended: authorised, refused by consent-service, or a choice the PSU has to make again. */
export type Authorisation = { outcome: 'authorised' } | { outcome: 'refused'; message: string } | { outcome: 'choose-again'; error: string };

/**
 * One kind of consent (an OB intent: account access, domestic payment, ...) as the authorization server authorises
 * it: `C` is the consent as consent-service answers it, `T` what the PSU chooses on its page. One entry per kind
 * under ./kinds, listed in ./intent-kinds.ts.
 */
export interface IntentKindEntry<C extends ConsentOfAnyKind, T> {
  /** The scopes approving this kind grants (rules/grantable-scopes.ts builds the grant from them). */
  grantableScopes: ReadonlySet<string>;
  /** Reads the consent of a client (consent-service answers NOT_FOUND for another client's). */
  find(consents: ConsentRequester, consent: ConsentOfClient): Promise<RpcReply<C>>;
  /** The page the PSU approves or denies it on. */
  consentPage(view: ConsentPageView & { consent: C }): SafeHtml;
  /** What the PSU chose on that page's form, or the error to show them on it. */
  choose(consent: C, form: URLSearchParams, accounts: PsuAccountSummary[]): Choice<T>;
  /** The PSU approved with `choice`: consent-service authorises the consent (AWAU -> AUTH) or refuses. */
  authorise(consents: ConsentRequester, authorisation: ConsentOfClient & { psuId: string }, choice: T): Promise<RpcReply<unknown>>;
  /** The PSU denied: the consent becomes RJCT. */
  reject(consents: ConsentRequester, consent: ConsentOfClient): Promise<RpcReply<unknown>>;
}

/** A consent an openbanking_intent_id names, with what its kind does with it. */
export interface IntentConsent {
  readonly consent: ConsentOfAnyKind;
  readonly grantableScopes: ReadonlySet<string>;
  consentPage(view: ConsentPageView): SafeHtml;
  /** Authorises the consent with what the PSU chose on its page; a choice that cannot be accepted is the error to show. */
  authorise(psuId: string, form: URLSearchParams, accounts: PsuAccountSummary[]): Promise<Authorisation>;
  reject(): Promise<RpcReply<unknown>>;
}

/** A kind of consent, its types closed over: what the registry holds. */
export interface IntentKind {
  /** The consent of `consent.clientId`, bound to its kind; undefined when there is none (or it is another client's). */
  find(consents: ConsentRequester, consent: ConsentOfClient): Promise<IntentConsent | undefined>;
}

/** Declares a kind from its entry, type-checked against its own consent and choice types, as one registry type. */
export function intentKind<C extends ConsentOfAnyKind, T>(entry: IntentKindEntry<C, T>): IntentKind {
  return {
    async find(consents, request) {
      const reply = await entry.find(consents, request);
      return reply.ok ? boundTo(entry, consents, reply.value) : undefined;
    },
  };
}

function boundTo<C extends ConsentOfAnyKind, T>(entry: IntentKindEntry<C, T>, consents: ConsentRequester, consent: C): IntentConsent {
  const ofClient: ConsentOfClient = { consentId: consent.consentId, clientId: consent.clientId };
  return {
    consent,
    grantableScopes: entry.grantableScopes,
    consentPage: (view) => entry.consentPage({ ...view, consent }),
    async authorise(psuId, form, accounts) {
      const choice = entry.choose(consent, form, accounts);
      if (!choice.ok) return { outcome: 'choose-again', error: choice.error };
      const reply = await entry.authorise(consents, { ...ofClient, psuId }, choice.value);
      return reply.ok ? { outcome: 'authorised' } : { outcome: 'refused', message: reply.error.message };
    },
    reject: () => entry.reject(consents, ofClient),
  };
}
