import { OB_ERROR_CODES, type ObErrorCode } from './error-codes';
import { obError, obErrorResponse, type OBError1, type OBErrorResponse1 } from './ob-error-response';

/**
 * A refusal in OB terms: the HTTP status and the OBError1 list of the response body. A refusal without errors is
 * answered with no body at all (OB: 401 carries none; 403 may).
 */
export class ObError extends Error {
  constructor(
    readonly status: number,
    readonly errors: OBError1[] = [],
  ) {
    super(errors.map((e) => `${e.ErrorCode}${e.Path ? ` ${e.Path}` : ''}: ${e.Message ?? ''}`).join('; ') || `HTTP ${status}`);
    this.name = 'ObError';
  }

  /** One error with the status its code goes with (400 for most, 403 for U028, 409 for U029, 500 for U000). */
  static of(code: ObErrorCode, message?: string, path?: string): ObError {
    return new ObError(OB_ERROR_CODES[code].httpStatus, [obError(code, message, path)]);
  }

  /** Several errors from request validation: 400. */
  static badRequest(errors: OBError1[]): ObError {
    return new ObError(400, errors);
  }

  /** 401: missing, invalid or expired token, or a token not bound to the connection's certificate. No body. */
  static unauthorized(): ObError {
    return new ObError(401);
  }

  /** 403: the token or its consent does not allow this request (scope, ownership, status, permission, account). */
  static forbidden(code: ObErrorCode, message: string, path?: string): ObError {
    return new ObError(403, [obError(code, message, path)]);
  }

  /** The body to send, or undefined when the refusal has none. */
  responseBody(id?: string): OBErrorResponse1 | undefined {
    return this.errors.length ? obErrorResponse(this.errors, id) : undefined;
  }
}
