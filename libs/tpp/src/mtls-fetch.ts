import type { CustomFetch } from 'openid-client';
import { Agent, fetch } from 'undici';
import type { OnboardedTpp } from '@fapi/onboarding';

/**
 * A fetch that presents the TPP's transport certificate on every connection and trusts only the sandbox CA: the
 * token and PAR endpoints authenticate (tls_client_auth) and bind tokens (RFC 8705) to it, and the bank checks that
 * binding on every call.
 */
export function mtlsFetch(transport: OnboardedTpp['transport']): CustomFetch {
  const dispatcher = new Agent({ connect: { cert: transport.certPem, key: transport.keyPem, ca: transport.caPem } });
  return (url, options) => fetch(url, { ...options, dispatcher }) as unknown as Promise<Response>;
}
