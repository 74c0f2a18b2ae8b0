import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { currentInteraction, INTERACTION_ID_HEADER, interactionIdFrom } from '@fapi/nats-contract';

/**
 * Rule: every response, errors included, carries x-fapi-interaction-id: the id of the interaction the request runs in
 * (the request's value when it is a UUID, otherwise a fresh one: interactionIdFrom), so that the response, the bank's
 * log lines and its NATS messages name the same id. Idempotent: the id chosen first for a response stays.
 */
export function assignInteractionId(request: IncomingMessage, response: ServerResponse): string {
  const assigned = response.getHeader(INTERACTION_ID_HEADER);
  if (typeof assigned === 'string') return assigned;
  const id = currentInteraction()?.interactionId ?? interactionIdFrom(request.headers[INTERACTION_ID_HEADER]);
  if (!response.headersSent) response.setHeader(INTERACTION_ID_HEADER, id);
  return id;
}

/** Assigns the interaction id before anything else runs, so that every later answer carries it. */
@Injectable()
export class InteractionIdMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    assignInteractionId(request, response);
    next();
  }
}
