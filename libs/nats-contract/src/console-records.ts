/**
 * One request a service received from a TPP, as the TPP's developer console shows it (<issuer>/console): already
 * redacted by the service that recorded it (@fapi/developer-console's redaction table decides every field), so that
 * nothing secret ever crosses NATS or reaches the console's store.
 */
export interface ConsoleRecord {
  /** A UUID: the store keeps a record once however many instances hear it. */
  id: string;
  /** ISO 8601, when the answer left. */
  at: string;
  service: 'authorization-server' | 'bank';
  /** The client the request came from: authenticated, or named by a token the service verified. */
  clientId: string;
  method: string;
  /** The path, with only the query parameters the redaction table keeps. */
  endpoint: string;
  status: number;
  /** x-fapi-interaction-id of the answer (the bank's) or of the request (the AS's), when there was one. */
  interactionId?: string;
  verdict: 'accepted' | 'refused';
  /** The catalogue rule a refusal cites (ruleCitedBy). */
  rule?: string;
  /** The OAuth error or OB ErrorCode of a refusal. */
  error?: string;
  /** The refusal's words (error_description, Errors[].Message, the challenge's error_description). */
  description?: string;
  /** The request object and client assertion the request carried: header and claims, never the signature. */
  jwts?: DecodedJwtRecord[];
}

/** A JWT the request carried, decoded; its signature is never recorded. */
export interface DecodedJwtRecord {
  /** What it was: 'request object' or 'client assertion'. */
  label: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The most records one Events.consoleRequestsRecorded carries (a service sends the records waiting, in batches of at most this). */
export const MOST_CONSOLE_RECORDS_PER_EVENT = 200;

/** Events.consoleRequestsRecorded: the records a service made since its last announcement, oldest first. */
export interface ConsoleRecordsRecorded {
  records: ConsoleRecord[];
}
