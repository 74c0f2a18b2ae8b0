import {
  type AccountAccessConsent,
  CONSENT_ID_PREFIXES,
  CONSENT_KIND_SUBJECTS,
  type ConsentBase,
  type ConsentKind,
  type ConsumeDomesticPaymentConsent,
  type DomesticPaymentConsent,
  ok,
  refuse,
  type RevokeAccountAccessConsent,
  type RpcErrorCode,
  type RpcReply,
} from '@fapi/nats-contract';
import { InMemoryConsents, type NewConsent } from './in-memory-consents';

/** How consent-service answers one operation of a kind, on the kind's in-memory consents. */
type Answer<C extends ConsentBase, D extends keyof C> = (consents: InMemoryConsents<C, D>, request: never) => RpcReply<C>;

/** The request operations of a kind: its subjects in nats-contract's CONSENT_KIND_SUBJECTS but the event. */
type Operations<K extends ConsentKind> = Exclude<keyof (typeof CONSENT_KIND_SUBJECTS)[K], 'statusChanged'>;

/** A consent kind as the fake serves it: a store for its consents, and how it answers each of its operations. */
export interface FakeConsentKind<K extends ConsentKind, C extends ConsentBase, D extends keyof C = never> {
  newStore(): InMemoryConsents<C, D>;
  answers: Record<Operations<K>, Answer<C, D>>;
}

/** A status change and what consent-service answers a client that does not own the consent. */
interface Transition {
  from: readonly string[];
  to: string;
  anotherClients: RpcErrorCode;
}

// The transitions as consent-service makes them (libs/consent/src/kinds); the AS and the bank ask for them.
const AUTHORISE: Transition = { from: ['AWAU'], to: 'AUTH', anotherClients: 'NOT_FOUND' };
const REJECT: Transition = { from: ['AWAU'], to: 'RJCT', anotherClients: 'NOT_FOUND' };
const REVOKE: Transition = { from: ['AWAU', 'AUTH'], to: 'CANC', anotherClients: 'FORBIDDEN' };
const CONSUME: Transition = { from: ['AUTH'], to: 'COND', anotherClients: 'FORBIDDEN' };

function transition<C extends ConsentBase, D extends keyof C>(
  consents: InMemoryConsents<C, D>,
  { consentId, clientId }: { consentId: string; clientId?: string },
  { from, to, anotherClients }: Transition,
  changes: Partial<C> = {},
): RpcReply<C> {
  const consent = consents.get(consentId);
  if (!consent) return refuse('NOT_FOUND', `no consent ${consentId}`);
  if (clientId !== undefined && consent.clientId !== clientId) return refuse(anotherClients, `consent ${consentId} is another client's`);
  if (!from.includes(consent.status)) return refuse('INVALID_STATUS', `consent is ${consent.status}`);
  return ok(consents.change(consentId, { ...changes, status: to }));
}

/** The operations every kind has (ConsentKindSubjects), answered alike. */
const everyKind = {
  create: <C extends ConsentBase, D extends keyof C>(consents: InMemoryConsents<C, D>, request: NewConsent<C, D>) =>
    ok(consents.put({ ...request, status: 'AWAU' })),

  /** A consent of another client reads as NOT_FOUND. */
  get<C extends ConsentBase, D extends keyof C>(consents: InMemoryConsents<C, D>, { consentId, clientId }: { consentId: string; clientId?: string }) {
    if (consents.unreadable.has(consentId)) return refuse<C>('INVALID', 'the fake is told to fail');
    const consent = consents.get(consentId);
    return consent && (clientId === undefined || consent.clientId === clientId) ? ok(consent) : refuse<C>('NOT_FOUND', `no consent ${consentId}`);
  },

  /** The PSU's choice (accounts to share, the account to pay from) is the rest of the request. */
  authorise: <C extends ConsentBase, D extends keyof C>(consents: InMemoryConsents<C, D>, { consentId, clientId, ...choice }: { consentId: string; clientId: string }) =>
    transition(consents, { consentId, clientId }, AUTHORISE, choice as Partial<C>),

  reject: <C extends ConsentBase, D extends keyof C>(consents: InMemoryConsents<C, D>, request: { consentId: string; clientId: string }) =>
    transition(consents, request, REJECT),
};

const accountAccess: FakeConsentKind<'accountAccess', AccountAccessConsent, 'accountIds'> = {
  newStore: () => new InMemoryConsents<AccountAccessConsent, 'accountIds'>(CONSENT_ID_PREFIXES.accountAccess, { accountIds: [] }),
  answers: {
    ...everyKind,
    // the bank revokes any consent (no clientId), a TPP only its own
    revoke: (consents, request: RevokeAccountAccessConsent) => transition(consents, request, REVOKE),
  },
};

const domesticPayment: FakeConsentKind<'domesticPayment', DomesticPaymentConsent> = {
  newStore: () => new InMemoryConsents<DomesticPaymentConsent>(CONSENT_ID_PREFIXES.domesticPayment, {}),
  answers: {
    ...everyKind,
    // consuming again with the payment that consumed it is the bank retrying: the consumed consent again
    consume: (consents, { paymentId, ...request }: ConsumeDomesticPaymentConsent) => {
      const consent = consents.get(request.consentId);
      if (consent?.clientId === request.clientId && consent.status === 'COND' && consent.paymentId === paymentId) return ok(consent);
      return transition(consents, request, CONSUME, { paymentId });
    },
  },
};

/** Every consent kind of the contract, as the fake consent-service serves it. */
export const FAKE_CONSENT_KINDS = { accountAccess, domesticPayment } satisfies Record<ConsentKind, unknown>;
