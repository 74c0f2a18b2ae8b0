import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { consoleRecordOf, type RecordingQueue } from '@fapi/developer-console';
import { INTERACTION_ID_HEADER } from '@fapi/nats-contract';
import type { ObError } from '@fapi/open-banking';
import { AccessTokenVerifier } from '../access/access-token-verifier';

/**
 * The bank's console recording: the queue whose records are announced as Events.consoleRequestsRecorded
 * (bank-api.module.ts), and the recordings still working out their client, which the shutdown lets end first (a token
 * check reads the database, which closes after).
 */
export class BankConsoleRecording {
  private readonly recording = new Set<Promise<void>>();

  constructor(readonly queue: RecordingQueue) {}

  track(recording: Promise<void>): void {
    this.recording.add(recording);
    void recording.finally(() => this.recording.delete(recording));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.recording]);
    await this.queue.settled();
  }
}

/** The client a request comes from, once an access token naming it verified (its signature, issuer, audience, expiry). */
const clientsOfRequests = new WeakMap<IncomingMessage, string>();
/** The refusal an answer carries (its OB ErrorCode or challenge error, and words), noted by ObExceptionFilter. */
const refusalsOfAnswers = new WeakMap<ServerResponse, { error?: string; description?: string }>();

/** The request comes from `clientId`: a token the AS issued to it verified (only then is the request recorded). */
export function noteRequestClient(request: IncomingMessage, clientId: string): void {
  clientsOfRequests.set(request, clientId);
}

/** The answer refuses with `error`: its first OB error, or (401) its challenge's error and description. */
export function noteRefusal(response: ServerResponse, error: ObError, challenge?: string): void {
  if (challenge) {
    refusalsOfAnswers.set(response, { error: /error="([^"]*)"/.exec(challenge)?.[1], description: /error_description="([^"]*)"/.exec(challenge)?.[1] });
    return;
  }
  const [first] = error.errors;
  refusalsOfAnswers.set(response, { error: first?.ErrorCode, description: first?.Message });
}

/** `<scheme> <token>` of an Authorization header the bank accepts (presented-token.ts is the rule; this only reads). */
const PRESENTED_TOKEN = /^(?:Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Records each OB request of a known client for its developer console once the answer has left, accepted or refused
 * (ObExceptionFilter notes the refusal): the recording queue announces it to the authorization server, never slowing or
 * failing the request. The client is the one a verified access token names: noted when the endpoint verified it, or,
 * for a request refused before that (a malformed id), verified here after the answer left. A request without a token
 * that verifies (none, forged, expired) is not recorded: its client_id would be only what the request claims, and
 * another client's console must never show it.
 */
@Injectable()
export class ConsoleRecordingMiddleware implements NestMiddleware {
  private readonly logger = new Logger('DeveloperConsole');

  constructor(
    private readonly recording: BankConsoleRecording,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    response.once('finish', () => {
      this.recording.track(
        this.record(request, response).catch((error: unknown) => this.logger.warn(`could not record a request for the developer console: ${(error as Error).message}`)),
      );
    });
    next();
  }

  private async record(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const clientId = clientsOfRequests.get(request) ?? (await this.clientOfToken(request));
    if (!clientId) return;
    const interactionId = response.getHeader(INTERACTION_ID_HEADER);
    this.recording.queue.record(
      consoleRecordOf({
        service: 'bank',
        clientId,
        method: request.method ?? 'GET',
        url: (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/',
        status: response.statusCode,
        interactionId: typeof interactionId === 'string' ? interactionId : undefined,
        ...refusalsOfAnswers.get(response),
      }),
    );
  }

  /** The client_id of the request's access token, when the token verifies. */
  private async clientOfToken(request: IncomingMessage): Promise<string | undefined> {
    const token = PRESENTED_TOKEN.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      return (await this.tokens.verify(token)).client_id;
    } catch {
      return undefined;
    }
  }
}
