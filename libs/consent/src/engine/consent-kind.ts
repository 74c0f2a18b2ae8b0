import type { ConsentBase, RpcReply } from '@fapi/nats-contract';

/*
 * What declares a kind of consent to the consent service: its id prefix, statuses and transitions, the NATS subjects it
 * answers and how each request is parsed and checked, what it stores, whether it expires, and where its status changes
 * are announced. The engine (ConsentEngine) runs every kind the same way; kinds/index.ts lists them.
 */

/** A named status change: the statuses it may start from and the one it leads to. */
export interface ConsentTransition<Status extends string = string> {
  name: string;
  from: readonly Status[];
  to: Status;
}

/** A kind's own fields: the fields of its contract type that not every consent has. Stored as JSON. */
export type KindData<Consent extends ConsentBase> = Omit<Consent, keyof ConsentBase>;

/** What a committed transition records besides the status: who authorised it and the kind's own fields it sets. */
export type Recorded<Consent extends ConsentBase> = Partial<Pick<ConsentBase, 'psuId'> & KindData<Consent>>;

/** Every request after creation names its consent; most also name the client asking. */
export interface ConsentRequest {
  consentId: string;
  clientId?: string;
}

/** Parses an untrusted NATS payload into the operation's request, or refuses it INVALID. */
export type RequestParser<Request> = (payload: unknown) => RpcReply<Request>;

/** Creating a consent of the kind: the subject, the request and what the new consent stores of its own. */
export interface CreateOperation<Consent extends ConsentBase, Request extends { clientId: string }> {
  subject: string;
  parse: RequestParser<Request>;
  stores: (request: Request) => KindData<Consent>;
}

/**
 * A transition another service asks for (authorise, reject, ...). Its checks run in this order: the consent exists
 * (NOT_FOUND), `mayAct` (FORBIDDEN), `check`, the status allows `transition` (INVALID_STATUS); then it is committed
 * with `reason` in the history and what `records` sets, and announced.
 */
export interface TransitionRequest<Consent extends ConsentBase, Request extends ConsentRequest> {
  subject: string;
  parse: RequestParser<Request>;
  transition: ConsentTransition<Consent['status']>;
  /** Whether the caller may act on this consent at all (checked first, so nothing about it leaks to others). */
  mayAct: (consent: Consent, request: Request) => boolean;
  /** The operation's own checks of what is asked: a refusal, or a reply that needs no change (an idempotent repeat). */
  check?: (consent: Consent, request: Request) => RpcReply<Consent> | undefined;
  reason: (request: Request) => string;
  records?: (request: Request) => Recorded<Consent>;
}

/** A kind whose consents expire: the engine expires them when read and the periodic sweep expires the unread. */
export interface ConsentExpiry<Consent extends ConsentBase> {
  transition: ConsentTransition<Consent['status']>;
  /** When a consent expires; undefined when it never does. */
  expiresAt: (consent: KindData<Consent>) => Date | undefined;
  reason: string;
}

/**
 * A request type once parsed: each operation's hooks are checked against its own parser's type where it is declared
 * (operationsOf), and the engine only ever hands an operation the request its own parser returned.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ParsedRequest = any;

export interface ConsentKindDeclaration<Consent extends ConsentBase = ConsentBase> {
  /** The kind's name (nats-contract's ConsentKind for the sandbox's kinds), stored with each consent. */
  name: string;
  /** How a refusal names a consent of the kind: `no ${label} ${consentId}`. */
  label: string;
  /** The ConsentId prefix that names the kind (nats-contract's CONSENT_ID_PREFIXES). */
  idPrefix: string;
  initialStatus: Consent['status'];
  /** Every status change a consent of the kind can make after it is created. */
  transitions: Readonly<Record<string, ConsentTransition<Consent['status']>>>;
  create: CreateOperation<Consent, ParsedRequest>;
  /** The subject that reads one consent (a consent of another client is NOT_FOUND, so its existence is not revealed). */
  get: string;
  /** The transitions other services ask for, by name. */
  requests: Readonly<Record<string, TransitionRequest<Consent, ParsedRequest>>>;
  expiry?: ConsentExpiry<Consent>;
  /** The event subject of the kind's status changes (payload: ConsentStatusChanged). */
  statusChanged: string;
}

/**
 * A kind's operations, typed by their parsers: `operationsOf<AccountAccessConsent>().transition({ parse, ... })` checks
 * every hook of the operation against the request its parser returns.
 */
export function operationsOf<Consent extends ConsentBase>() {
  return {
    create: <Request extends { clientId: string }>(operation: CreateOperation<Consent, Request>) => operation,
    transition: <Request extends ConsentRequest>(operation: TransitionRequest<Consent, Request>) => operation,
  };
}

/** Any kind, as the registry holds them (each declaration is checked against its own contract type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConsentKind = ConsentKindDeclaration<any>;
