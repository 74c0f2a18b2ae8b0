import { INTERACTION_ID_HEADER } from '@fapi/nats-contract';
import { journeyInteractionId } from './journey-interaction';

/** The bank answered an OB call with an unexpected status; carries the OB error codes and the interaction id. */
export class BankApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errorCodes: string[],
    readonly interactionId: string,
  ) {
    super(`${operation}: the bank answered ${status}${errorCodes.length ? ` (${errorCodes.join(', ')})` : ''}`);
    this.name = 'BankApiError';
  }

  get code(): string {
    return this.errorCodes[0] ?? `bank_http_${this.status}`;
  }
}

/** The OBErrorResponse1 error codes of a response body, if it is one. */
function obErrorCodes(body: unknown): string[] {
  const errors = (body as { Errors?: Array<{ ErrorCode?: unknown }> } | null)?.Errors;
  return Array.isArray(errors) ? errors.map((e) => e.ErrorCode).filter((c): c is string => typeof c === 'string') : [];
}

export interface BankCall {
  /** What the call does, in words the error page can show ("read accounts"). */
  operation: string;
  accessToken: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** 204 (No Content) is the one success whose body is empty. */
  expectedStatus: number;
  /** The JSON body, exactly as it is sent (and signed). */
  body?: string;
  /** Further request headers (x-idempotency-key, x-jws-signature). */
  headers?: Record<string, string>;
}

/** One request to the bank, but for how the access token is presented: that is the token binding's (token-binding.ts). */
export interface BankRequest {
  url: string;
  method: BankCall['method'];
  headers: Record<string, string>;
  body?: string;
  accessToken: string;
}

/** Sends a request to the bank with its access token presented as the token's binding requires. */
export type SendToBank = (request: BankRequest) => Promise<Response>;

/** The bank's answer: the exact text (signatures cover those bytes), its JSON and the response signature if any. */
export interface BankAnswer {
  text: string;
  body: unknown;
  signature: string | undefined;
  interactionId: string;
}

/**
 * One call to the bank's OB API with the TPP's bound token, with the journey's `x-fapi-interaction-id` (FAPI 1.0
 * Baseline 6.2.2) to correlate it with the bank's logs. Any other status than the expected one, or a body that is
 * not JSON (but for 204), is a BankApiError.
 */
export async function callBank(send: SendToBank, call: BankCall): Promise<BankAnswer> {
  const interactionId = journeyInteractionId();
  const headers: Record<string, string> = {
    accept: 'application/json',
    [INTERACTION_ID_HEADER]: interactionId,
    ...call.headers,
  };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await send({ url: call.url, method: call.method, headers, body: call.body, accessToken: call.accessToken });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported through the status below
  }
  const noContent = call.expectedStatus === 204 && text === '';
  if (response.status !== call.expectedStatus || (body === null && !noContent)) {
    throw new BankApiError(call.operation, response.status, obErrorCodes(body), interactionId);
  }
  return { text, body, signature: response.headers.get('x-jws-signature') ?? undefined, interactionId };
}
