import { errors } from 'oidc-provider';

// FAPI 1.0 Advanced 5.2.2-1: every authorization request is a signed request object, so a FAPI 1.0 client is
// registered with require_signed_request_object true (recorded when absent).
export function signedRequestObjectsAlways(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.require_signed_request_object === false) throw new errors.InvalidClientMetadata('require_signed_request_object must be true');
  metadata.require_signed_request_object = true;
}

// FAPI 2.0 Message Signing (signed authorization requests, JAR RFC 9101) is the client's choice: a `signed` client
// (require_signed_request_object true) names the alg it signs with; an `unsigned` one pushes plain parameters to PAR.
export function requestObjectChoice(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (typeof metadata.require_signed_request_object !== 'boolean') {
    throw new errors.InvalidClientMetadata('require_signed_request_object must be true (signed request objects) or false (plain parameters pushed to PAR)');
  }
  if (metadata.require_signed_request_object && typeof metadata.request_object_signing_alg !== 'string') {
    throw new errors.InvalidClientMetadata('clients requiring signed request objects register request_object_signing_alg');
  }
}
