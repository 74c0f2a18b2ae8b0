import {
  type AccountAccessConsent,
  consentKindOf,
  type DomesticPaymentConsent,
  type NatsContractClient,
  Requests,
  type RpcReply,
} from '@fapi/nats-contract';

export type ConsentRequester = Pick<NatsContractClient, 'request'>;

/** The consent an openbanking_intent_id names, with its kind. */
export type IntentConsent =
  | { kind: 'accountAccess'; consent: AccountAccessConsent }
  | { kind: 'domesticPayment'; consent: DomesticPaymentConsent };

/**
 * The one place that knows which consent-service subjects answer for each kind of intent (a consent id names its kind,
 * CONSENT_ID_PREFIXES). Reads the consent of `clientId`; undefined when the id names no known kind, no consent, or a
 * consent of another client (consent-service does not tell those apart).
 */
export async function findIntentConsent(consents: ConsentRequester, consentId: string, clientId: string): Promise<IntentConsent | undefined> {
  switch (consentKindOf(consentId)) {
    case 'accountAccess': {
      const reply = await consents.request(Requests.getAccountAccessConsent, { consentId, clientId });
      return reply.ok ? { kind: 'accountAccess', consent: reply.value } : undefined;
    }
    case 'domesticPayment': {
      const reply = await consents.request(Requests.getDomesticPaymentConsent, { consentId, clientId });
      return reply.ok ? { kind: 'domesticPayment', consent: reply.value } : undefined;
    }
    default:
      return undefined;
  }
}

/** The PSU denied: the consent becomes RJCT. */
export async function rejectIntentConsent(consents: ConsentRequester, { kind, consent }: IntentConsent): Promise<RpcReply<unknown>> {
  const request = { consentId: consent.consentId, clientId: consent.clientId };
  return kind === 'accountAccess'
    ? consents.request(Requests.rejectAccountAccessConsent, request)
    : consents.request(Requests.rejectDomesticPaymentConsent, request);
}
