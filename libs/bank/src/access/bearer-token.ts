import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { requestUrl } from '../ob-http/request-url';

/** Rule (FAPI 1.0 Advanced / RFC 6750 §2.3): an access token in the query string is refused, whatever else is sent: 401. */
export function refuseTokenInQuery(request: IncomingMessage): void {
  if (requestUrl(request).searchParams.has('access_token')) throw ObError.unauthorized();
}

/** Rule: the access token comes only as `Authorization: Bearer <token>`; missing or another scheme: 401. */
export function bearerTokenOf(request: IncomingMessage): string {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(request.headers.authorization ?? '');
  if (!match) throw ObError.unauthorized();
  return match[1];
}
