import * as oidc from 'openid-client';
import { IntentMismatch, MissingAuthorizationResponse } from '../authorization-callback';
import { BankApiError } from '../ob-http';
import { SignatureRefused, SignatureErrorCode } from '@fapi/message-signing';
import { BankSignatureRefused, MessageSigningUnavailable } from '../message-signatures';
import { describeJourneyError, NoPendingAuthorization, UnknownAccount, UnknownPayment } from './journey-error';

const authorizationError = (parameters: Record<string, string>) =>
  new oidc.AuthorizationResponseError('authorization response from the server is an error', { cause: new URLSearchParams(parameters) });

describe('every journey failure becomes a page with a status, a sentence and a visible code', () => {
  it('access_denied: the PSU declined to share their accounts', () => {
    expect(describeJourneyError(authorizationError({ error: 'access_denied', error_description: 'PSU rejected' }))).toEqual({
      status: 403,
      code: 'access_denied',
      title: 'Connection cancelled',
      message: 'You declined to share your accounts.',
      description: 'PSU rejected',
    });
  });

  it('access_denied of a payment: the PSU cancelled the payment', () => {
    expect(describeJourneyError(authorizationError({ error: 'access_denied' }), 'domestic-payment')).toEqual({
      status: 403,
      code: 'access_denied',
      title: 'Payment cancelled',
      message: 'You cancelled the payment.',
    });
  });

  it('a bank answer whose signature does not verify is bank_signature_invalid (502) with the OB code and interaction id', () => {
    const refusal = new SignatureRefused(SignatureErrorCode.Invalid, 'the signature does not match the body');
    expect(describeJourneyError(new BankSignatureRefused('make the payment', refusal, 'iid-2'))).toEqual({
      status: 502,
      code: 'bank_signature_invalid',
      title: 'Your bank did not answer as expected',
      message: "Your bank's answer when we tried to make the payment could not be verified, so we did not use it.",
      description: `${SignatureErrorCode.Invalid} the signature does not match the body (x-fapi-interaction-id iid-2)`,
    });
  });

  it('a payment this browser did not make is unknown_payment (404), an account the bank does not share unknown_account (404); a fintech without a PS256 key cannot pay (500)', () => {
    expect(describeJourneyError(new UnknownPayment('dp-1'))).toMatchObject({ status: 404, code: 'unknown_payment' });
    expect(describeJourneyError(new UnknownAccount('acc-9'))).toMatchObject({ status: 404, code: 'unknown_account', title: 'Account not found' });
    expect(describeJourneyError(new MessageSigningUnavailable('ES256'))).toMatchObject({ status: 500, code: 'message_signing_unavailable' });
  });

  it('another authorization error keeps its OAuth error code', () => {
    expect(describeJourneyError(authorizationError({ error: 'invalid_request_object' }))).toMatchObject({ status: 400, code: 'invalid_request_object' });
  });

  it('a response that fails validation shows what failed', () => {
    const error = Object.assign(new oidc.ClientError('invalid response encountered', { cause: new Error('JWT signature verification failed') }), {
      code: 'OAUTH_INVALID_RESPONSE',
    });
    expect(describeJourneyError(error)).toMatchObject({ status: 400, code: 'OAUTH_INVALID_RESPONSE', description: 'JWT signature verification failed' });
  });

  it('a consent mix-up, a callback without pending authorization or without response are the PSU-facing 400s', () => {
    expect(describeJourneyError(new IntentMismatch('aac-1', 'aac-2'))).toMatchObject({ status: 400, code: 'intent_mismatch' });
    expect(describeJourneyError(new NoPendingAuthorization())).toMatchObject({ status: 400, code: 'no_pending_authorization' });
    expect(describeJourneyError(new MissingAuthorizationResponse())).toMatchObject({ status: 400, code: 'missing_authorization_response' });
  });

  it('a bank refusal shows its OB error code and interaction id', () => {
    expect(describeJourneyError(new BankApiError('read accounts', 403, ['U028'], 'iid-1'))).toMatchObject({
      status: 502,
      code: 'U028',
      message: 'Your bank refused to read accounts.',
      description: 'x-fapi-interaction-id iid-1',
    });
  });

  it('an unreachable service is upstream_unavailable, anything else internal_error', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(describeJourneyError(refused)).toMatchObject({ status: 502, code: 'upstream_unavailable' });
    expect(describeJourneyError(new Error('bug'))).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
