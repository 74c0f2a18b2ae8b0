import { Controller, type Type } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { RpcReply } from '@fapi/nats-contract';
import type { AnyConsentKind } from './engine/consent-kind';
import { ConsentEngine } from './engine/consent-engine';
import { parseGetRequest, whenValid } from './request-parsing';

/** How one subject is answered: its payload is checked, then handed to the engine for its kind. */
type Handler = (engine: ConsentEngine, payload: unknown) => Promise<RpcReply<unknown>>;

/** Every subject of the kinds with its handler; two operations declaring one subject is a mistake, refused at start. */
export function consentRoutes(kinds: readonly AnyConsentKind[]): ReadonlyMap<string, Handler> {
  const routes = new Map<string, Handler>();
  const serve = (subject: string, handle: Handler) => {
    if (routes.has(subject)) throw new Error(`two consent operations declare the subject ${subject}`);
    routes.set(subject, handle);
  };
  for (const kind of kinds) {
    serve(kind.create.subject, (engine, payload) => whenValid(kind.create.parse(payload), (request) => engine.create(kind, request)));
    serve(kind.get, (engine, payload) => whenValid(parseGetRequest(payload), (request) => engine.get(kind, request)));
    for (const operation of Object.values(kind.requests)) {
      serve(operation.subject, (engine, payload) =>
        whenValid(operation.parse(payload), (request) => engine.change(kind, operation, request)),
      );
    }
  }
  return routes;
}

/**
 * The consent service's one NATS controller, serving every subject of `kinds`. Nest's @MessagePattern is static, so
 * the controller class is made for the kinds the module is created with; it only dispatches by subject.
 */
export function consentRequestsController(kinds: readonly AnyConsentKind[]): Type<unknown> {
  const routes = consentRoutes(kinds);

  @Controller()
  class ConsentRequestsController {
    constructor(private readonly engine: ConsentEngine) {}

    @MessagePattern([...routes.keys()])
    handle(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<RpcReply<unknown>> {
      return routes.get(context.getSubject())!(this.engine, payload);
    }
  }
  return ConsentRequestsController;
}
