import { errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, receivedValue, refusalText } from '@fapi/refusal-catalogue';

// FAPI 2.0 Security Profile 5.3.2.2-3 (RFC 9126 6): authorization requests not pushed are refused, which a client
// states at registration (require_pushed_authorization_requests), since the server does not require PAR of every
// client. (oidc-provider enforces the metadata; ./profile-authorization-request.ts names the clause.)
export function pushedRequestsOnly(_ctx: unknown, metadata: Record<string, unknown>): void {
  if (metadata.require_pushed_authorization_requests !== true) {
    throw new errors.InvalidClientMetadata(
      refusalText(RULES.pushedRequestsRequired, `require_pushed_authorization_requests is ${receivedValue(metadata.require_pushed_authorization_requests)}`),
    );
  }
}
