import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, type NatsContext, Payload } from '@nestjs/microservices';
import {
  CONSENT_KIND_SUBJECTS,
  type ConsentKind,
  refuse,
  type ReplyOf,
  type RequestOf,
  type RequestSubject,
  type RpcReply,
} from '@fapi/nats-contract';
import { FAKE_CONSENT_KINDS } from './fake-consent-kinds';
import { type RunningNatsFake, startNatsFake } from './nats-fake';

type AnyAnswer = (consents: unknown, request: unknown) => RpcReply<unknown>;

/** Every request subject of every kind, with the kind and operation it asks for. */
const ROUTES = new Map(
  (Object.keys(FAKE_CONSENT_KINDS) as ConsentKind[]).flatMap((kind) =>
    Object.keys(FAKE_CONSENT_KINDS[kind].answers).map((operation) => [
      (CONSENT_KIND_SUBJECTS[kind] as Record<string, string>)[operation],
      { kind, answer: (FAKE_CONSENT_KINDS[kind].answers as Record<string, AnyAnswer>)[operation] },
    ]),
  ),
);

/**
 * consent-service as its callers (the authorization server, the bank) meet it: every request subject of every consent
 * kind (nats-contract's CONSENT_KIND_SUBJECTS), answered from memory. Tests put consents in and change them directly
 * (`accountAccess`, `domesticPayment`), make reads fail, and read what the fake was asked (`received`).
 */
export class FakeConsentService {
  readonly accountAccess = FAKE_CONSENT_KINDS.accountAccess.newStore();
  readonly domesticPayment = FAKE_CONSENT_KINDS.domesticPayment.newStore();
  private readonly requests = new Map<string, unknown[]>();

  /** Every request received on `subject`, in order. */
  received<S extends RequestSubject>(subject: S): RequestOf<S>[] {
    return (this.requests.get(subject) ?? []) as RequestOf<S>[];
  }

  /** Records the request and answers it as its kind says (over NATS, or directly as a caller would). */
  answer<S extends RequestSubject>(subject: S, request: RequestOf<S>): ReplyOf<S> {
    this.requests.set(subject, [...this.received(subject), request]);
    const route = ROUTES.get(subject);
    if (!route) return refuse('INVALID', `the fake consent-service does not serve ${subject}`) as ReplyOf<S>;
    return route.answer(this[route.kind], request) as ReplyOf<S>;
  }
}

const FAKE_CONSENT_SERVICE = Symbol('FakeConsentService');

/** One handler for every subject, dispatching by the subject the request came on. */
@Controller()
class FakeConsentServiceController {
  constructor(@Inject(FAKE_CONSENT_SERVICE) private readonly fake: FakeConsentService) {}

  @MessagePattern([...ROUTES.keys()])
  answer(@Payload() request: never, @Ctx() context: NatsContext) {
    return this.fake.answer(context.getSubject() as RequestSubject, request);
  }
}

/** `fake` (a new one unless given) answering on the NATS server at `natsUrl`, in the namespace of `sandboxId`. */
export function startFakeConsentService(
  natsUrl: string,
  fake = new FakeConsentService(),
  sandboxId?: string,
): Promise<RunningNatsFake<FakeConsentService>> {
  return startNatsFake(natsUrl, FakeConsentServiceController, FAKE_CONSENT_SERVICE, fake, sandboxId);
}
