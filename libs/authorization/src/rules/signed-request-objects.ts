import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';

// FAPI 1.0 Advanced 5.2.2-1: every authorization request is a signed request object, so a FAPI 1.0 client is
// registered with require_signed_request_object true (recorded when absent).
export function signedRequestObjectsAlways(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.require_signed_request_object === false) {
    throw new errors.InvalidClientMetadata(refusalText(RULES.signedRequestObjectsAlways, 'require_signed_request_object is false'));
  }
  metadata.require_signed_request_object = true;
}

// FAPI 2.0 Message Signing (signed authorization requests, JAR RFC 9101) is the client's choice: a `signed` client
// (require_signed_request_object true) names the alg it signs with; an `unsigned` one pushes plain parameters to PAR.
export function requestObjectChoice(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (typeof metadata.require_signed_request_object !== 'boolean') {
    throw new errors.InvalidClientMetadata(
      refusalText(RULES.requestObjectChoice, `require_signed_request_object is ${receivedValue(metadata.require_signed_request_object)}`),
    );
  }
  if (metadata.require_signed_request_object && typeof metadata.request_object_signing_alg !== 'string') {
    throw new errors.InvalidClientMetadata(refusalText(RULES.requestObjectChoice, 'request_object_signing_alg is absent'));
  }
}
