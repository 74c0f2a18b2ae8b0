import { errors } from 'oidc-provider';

// FAPI 2.0 Security Profile 5.3.2.2-1: response_type is code, so a client of the profile registers no other.
// (At the authorization endpoint, ./profile-authorization-request.ts names the clause when another is asked for.)
export function codeResponseTypeOnly(_ctx: unknown, metadata: Record<string, unknown>): void {
  const responseTypes = metadata.response_types;
  if (!Array.isArray(responseTypes) || responseTypes.length !== 1 || responseTypes[0] !== 'code') {
    throw new errors.InvalidClientMetadata('response_types must be ["code"]');
  }
}
