import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { NatsUnavailable } from '@fapi/nats-contract';
import { AccountInfoApi, ObError, PaymentInitiationApi, obError } from '@fapi/open-banking';
import { throwError, type Observable } from 'rxjs';
import { challengeOf } from '../access/unauthorized';
import { noteRefusal } from './console-recording';
import { assignInteractionId } from './interaction-id';
import { requestUrl } from './request-url';

/**
 * Every refusal of the OB APIs (AISP and PISP) leaves as OB prescribes: its status, x-fapi-interaction-id, and an
 * OBErrorResponse1 body (none for 401, none for an unknown route). Anything unexpected is a 500 with U000 and the
 * interaction id to quote, never a stack trace; the details go to the log. A service the bank relies on being away
 * (NATS) is a 503 with a U000 body and Retry-After: the TPP may try again, and soon (OB R/W profile, HTTP status codes).
 */
/** How soon a TPP may try again after a 503: about how long NATS takes to come back once it is up. */
const RETRY_AFTER_SECONDS = 5;

@Catch()
export class ObExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('OB');

  constructor(
    private readonly accountInfo: AccountInfoApi,
    private readonly paymentInitiation: PaymentInitiationApi,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // NATS handlers keep Nest's own error replies
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const response = http.getResponse<ServerResponse>();
    const interactionId = assignInteractionId(request, response);
    const error = this.asObError(exception, request, interactionId);
    if (response.headersSent) return void response.destroy();
    if (error.status === 401) response.setHeader('WWW-Authenticate', challengeOf(error));
    noteRefusal(response, error, error.status === 401 ? challengeOf(error) : undefined);
    if (error.status === 405) response.setHeader('Allow', this.methodsAt(requestUrl(request).pathname).join(', '));
    if (error.status === 413) response.setHeader('Connection', 'close');
    if (error.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const body = error.responseBody(interactionId);
    response.statusCode = error.status;
    if (!body) return void response.end();
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }

  private asObError(exception: unknown, request: IncomingMessage, interactionId: string): ObError {
    if (exception instanceof ObError) return exception;
    if (exception instanceof NatsUnavailable) {
      this.logger.warn(`${request.method} ${pathOf(request)} (${interactionId}): ${exception.message}`);
      return new ObError(503, [obError('U000', 'A service the bank relies on is unavailable; try again shortly')]);
    }
    // Nest's own refusals: no route (404, or 405 for a path of the spec asked with another method) has no body;
    // others are a bad request in OB terms
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return new ObError(this.isOtherMethodOfSpecPath(request) ? 405 : 404);
      return new ObError(status, [{ ErrorCode: status >= 500 ? 'U000' : 'U002', Message: exception.message }]);
    }
    this.logger.error(`${request.method} ${pathOf(request)} (${interactionId}) failed`, exception instanceof Error ? exception.stack : String(exception));
    return ObError.of('U000', 'An unexpected error occurred; quote the x-fapi-interaction-id to the bank');
  }

  /** The methods the AISP or PISP spec defines for a path. */
  private methodsAt(path: string): string[] {
    return [...this.accountInfo.methodsAt(path), ...this.paymentInitiation.methodsAt(path)];
  }

  /** A path an OB spec defines, asked with a method the spec does not define for it (not one it merely lacks). */
  private isOtherMethodOfSpecPath(request: IncomingMessage): boolean {
    const methods = this.methodsAt(requestUrl(request).pathname);
    return methods.length > 0 && !methods.includes(request.method ?? '');
  }
}

/** The request's path without its query string (which logs never carry). */
function pathOf(request: IncomingMessage): string {
  return (request.url ?? '').split('?')[0];
}
