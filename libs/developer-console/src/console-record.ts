import { randomUUID } from 'node:crypto';
import type { ConsoleRecord, DecodedJwtRecord } from '@fapi/nats-contract';
import { ruleCitedBy } from '@fapi/refusal-catalogue';
import { recordedEndpoint } from './redaction';

/** What a service knows of a request once it answered it; `url` and `jwts` go through the redaction table. */
export interface AnsweredRequest {
  service: ConsoleRecord['service'];
  clientId: string;
  method: string;
  /** The request's path and query as received. */
  url: string;
  status: number;
  interactionId?: string;
  /** The refusal's error code and words, when the answer was a refusal. */
  error?: string;
  description?: string;
  jwts?: DecodedJwtRecord[];
}

/** Longest refusal text a record keeps (ours are well below; a foreign one is cut). */
const MAX_DESCRIPTION = 600;

/**
 * The console record of an answered request: refused when the answer is 4xx or 5xx or names an error (an authorization
 * error sent back in a redirect), with the catalogue rule its words cite.
 */
export function consoleRecordOf(request: AnsweredRequest, at = new Date()): ConsoleRecord {
  const refused = request.status >= 400 || request.error !== undefined;
  const description = request.description?.slice(0, MAX_DESCRIPTION);
  return {
    id: randomUUID(),
    at: at.toISOString(),
    service: request.service,
    clientId: request.clientId,
    method: request.method,
    endpoint: recordedEndpoint(request.url),
    status: request.status,
    ...(request.interactionId && { interactionId: request.interactionId }),
    verdict: refused ? 'refused' : 'accepted',
    ...(refused && request.error && { error: request.error }),
    ...(refused && description && { description, rule: ruleCitedBy(description) }),
    ...(request.jwts?.length && { jwts: request.jwts }),
  };
}
