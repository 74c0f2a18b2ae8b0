import * as oidc from 'openid-client';
import { IntentMismatch, MissingAuthorizationResponse } from '../authorization-callback';
import type { AuthorizationPurpose } from '../authorization-request';
import { BankSignatureRefused, MessageSigningUnavailable } from '../message-signatures';
import { isNetworkFailure } from '../network-failure';
import { BankApiError } from '../ob-http';

/** What the error page shows: an HTTP status, a short title, a sentence for the PSU and the machine-readable code. */
export interface JourneyErrorView {
  status: number;
  code: string;
  title: string;
  message: string;
  description?: string;
}

/** The callback came without an authorization in progress for this browser (none started, already used, or expired). */
export class NoPendingAuthorization extends Error {
  readonly code = 'no_pending_authorization';
  constructor() {
    super('no authorization in progress for this session');
    this.name = 'NoPendingAuthorization';
  }
}

/** A payment page asked for a payment this browser did not make (or whose session has ended). */
export class UnknownPayment extends Error {
  readonly code = 'unknown_payment';
  constructor(readonly paymentId: string) {
    super(`no payment ${paymentId} was made in this session`);
    this.name = 'UnknownPayment';
  }
}

/** The bank shared no such account under the PSU's connection. */
export class UnknownAccount extends Error {
  readonly code = 'unknown_account';
  constructor(readonly accountId: string) {
    super(`the connection shares no account ${accountId}`);
    this.name = 'UnknownAccount';
  }
}

/**
 * A state-changing form (POST /connect, /pay, /disconnect) that did not come from this fintech's own page in this browser:
 * posted from another site, or without the session's form token (CSRF, OWASP: synchronizer token + Origin check).
 */
export class ForgedForm extends Error {
  constructor(
    readonly code: 'cross_site_form' | 'invalid_form_token',
    reason: string,
  ) {
    super(reason);
    this.name = 'ForgedForm';
  }
}

/** The PSU said no at their bank: what that means depends on what they were asked. */
const DECLINED: Record<AuthorizationPurpose['kind'], { title: string; message: string }> = {
  'account-access': { title: 'Connection cancelled', message: 'You declined to share your accounts.' },
  'domestic-payment': { title: 'Payment cancelled', message: 'You cancelled the payment.' },
};

/** openid-client's codes for a response that failed validation (signature, claims, state, hashes, shape). */
const RESPONSE_VALIDATION_CODES = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
]);

/**
 * Maps a failure anywhere in a journey to what the PSU sees; the code is always visible. `purpose`: what the PSU was
 * asked to authorise, when the failure came from that authorization.
 */
export function describeJourneyError(error: unknown, purpose: AuthorizationPurpose['kind'] = 'account-access'): JourneyErrorView {
  if (error instanceof oidc.AuthorizationResponseError) {
    if (error.error === 'access_denied') {
      return { status: 403, code: error.error, ...DECLINED[purpose], description: error.error_description };
    }
    return { status: 400, code: error.error, title: 'Your bank did not connect', message: 'Your bank could not authorise the connection.', description: error.error_description };
  }
  if (error instanceof oidc.ResponseBodyError) {
    return { status: 502, code: error.error, title: 'Your bank did not connect', message: "Your bank's authorization server refused our request.", description: error.error_description };
  }
  if (error instanceof MissingAuthorizationResponse) {
    return { status: 400, code: error.code, title: 'Your bank did not connect', message: "Your bank's answer did not reach us. Please start again." };
  }
  if (error instanceof IntentMismatch || error instanceof NoPendingAuthorization) {
    return { status: 400, code: error.code, title: 'Your bank did not connect', message: 'The answer from your bank does not belong to this connection attempt. Please start again.' };
  }
  if (error instanceof oidc.ClientError && error.code && RESPONSE_VALIDATION_CODES.has(error.code)) {
    return { status: 400, code: error.code, title: 'Your bank did not connect', message: 'The answer from your bank could not be verified.', description: reason(error) };
  }
  if (error instanceof BankSignatureRefused) {
    return { status: 502, code: error.code, title: 'Your bank did not answer as expected', message: `Your bank's answer when we tried to ${error.operation} could not be verified, so we did not use it.`, description: `${error.refusal.code} ${error.refusal.reason} (x-fapi-interaction-id ${error.interactionId})` };
  }
  if (error instanceof MessageSigningUnavailable) {
    return { status: 500, code: error.code, title: 'Payments are not available', message: 'This fintech is not set up to sign payment requests.', description: error.message };
  }
  if (error instanceof ForgedForm) {
    return { status: 403, code: error.code, title: 'This form did not come from our page', message: `Nothing was started: ${error.message}. Please start again from our home page.` };
  }
  if (error instanceof UnknownPayment) {
    return { status: 404, code: error.code, title: 'Payment not found', message: 'We know of no such payment made from this browser.' };
  }
  if (error instanceof UnknownAccount) {
    return { status: 404, code: error.code, title: 'Account not found', message: 'Your bank shares no such account with us.' };
  }
  if (error instanceof BankApiError) {
    return { status: 502, code: error.code, title: 'Your bank did not answer as expected', message: `Your bank refused to ${error.operation}.`, description: `x-fapi-interaction-id ${error.interactionId}` };
  }
  if (error instanceof oidc.ClientError && error.code) {
    return { status: 502, code: error.code, title: 'Your bank did not answer as expected', message: "Your bank's authorization server gave an answer we could not use.", description: reason(error) };
  }
  if (isNetworkFailure(error)) {
    return { status: 502, code: 'upstream_unavailable', title: 'Your bank is unavailable', message: 'We could not reach your bank. Please try again later.' };
  }
  return { status: 500, code: 'internal_error', title: 'Something went wrong', message: 'Something went wrong on our side. Please try again.' };
}

/** openid-client's ClientError names the category; its cause says what exactly failed. */
function reason(error: oidc.ClientError): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}
