import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';

// FAPI 2.0 Security Profile 5.3.2.2-1: response_type is code, so a client of the profile registers no other.
// (At the authorization endpoint, ./profile-authorization-request.ts names the clause when another is asked for.)
export function codeResponseTypeOnly(_ctx: unknown, metadata: Record<string, unknown>): void {
  const responseTypes = metadata.response_types;
  if (!Array.isArray(responseTypes) || responseTypes.length !== 1 || responseTypes[0] !== 'code') {
    const received = Array.isArray(responseTypes) ? responseTypes.map(receivedValue).join(', ') : receivedValue(responseTypes);
    throw new errors.InvalidClientMetadata(refusalText(RULES.codeResponseTypes, `response_types is ${received}`));
  }
}
