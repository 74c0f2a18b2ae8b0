import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';

export const INTERACTION_ID_HEADER = 'x-fapi-interaction-id';

/** RFC 4122 UUID, any version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Rule: every response, errors included, carries x-fapi-interaction-id: the request's value when it is a UUID,
 * otherwise a fresh one. Idempotent: the id chosen first for a response stays.
 */
export function assignInteractionId(request: IncomingMessage, response: ServerResponse): string {
  const assigned = response.getHeader(INTERACTION_ID_HEADER);
  if (typeof assigned === 'string') return assigned;
  const sent = request.headers[INTERACTION_ID_HEADER];
  const id = typeof sent === 'string' && UUID.test(sent) ? sent : randomUUID();
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
