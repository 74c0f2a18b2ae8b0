import * as oidc from 'openid-client';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { SendToBank } from './ob-http';
import { dpopKeyPair } from './signing-key';

/** What binds the fintech's tokens to it, as its requests to the authorization server and to the bank show it. */
export interface TokenBinding {
  /** openid-client's options for the requests that obtain tokens (PAR, token endpoint). */
  tokenRequestOptions(): Promise<oidc.DPoPOptions>;
  sendToBank: SendToBank;
}

/**
 * RFC 8705: the fetch presents the transport certificate on every connection, which binds the tokens the AS issues
 * (`cnf.x5t#S256`) and proves that binding at the bank; the token itself goes as `Bearer`.
 */
export function certificateBinding(fetch: oidc.CustomFetch): TokenBinding {
  return {
    tokenRequestOptions: async () => ({}),
    sendToBank: ({ url, method, headers, body, accessToken }) =>
      fetch(url, { method, headers: { ...headers, authorization: `Bearer ${accessToken}` }, body, redirect: 'manual' }),
  };
}

/**
 * RFC 9449: every request for a token (PAR binding the code, RFC 9449 10; the token endpoint) and every bank call
 * carries a DPoP proof signed with the onboarded DPoP key; the AS binds the tokens to its thumbprint (`cnf.jkt`).
 * openid-client's DPoP handle makes the proofs (`htm`, `htu` = the URL without query, `iat`, `jti`, and at the bank
 * `ath`, the token's hash), remembers server nonces and retries once on `use_dpop_nonce`. Bank calls send
 * `Authorization: DPoP <token>` over the same fetch (the transport certificate is still the TPP's identity at the
 * bank's TLS layer). A refusal with a challenge (401 `WWW-Authenticate: DPoP error=...`) is answered like any other
 * refusal: its status and OB error codes.
 */
function dpopBinding(tpp: Pick<OnboardedTpp, 'dpopKey' | 'signingAlg' | 'clientName'>, authorizationServer: () => Promise<oidc.Configuration>): TokenBinding {
  const keyPair = dpopKeyPair(tpp);
  let handle: Promise<oidc.DPoPHandle> | undefined;
  // One handle, which remembers the servers' nonces; first asked for once the AS has answered (a token request).
  const dpop = () => (handle ??= authorizationServer().then((config) => oidc.getDPoPHandle(config, keyPair)));
  return {
    tokenRequestOptions: async () => ({ DPoP: await dpop() }),
    sendToBank: async ({ url, method, headers, body, accessToken }) => {
      const config = await authorizationServer();
      try {
        return await oidc.fetchProtectedResource(config, accessToken, new URL(url), method, body, new Headers(headers), { DPoP: await dpop() });
      } catch (error) {
        if (error instanceof oidc.WWWAuthenticateChallengeError) return error.response;
        throw error;
      }
    },
  };
}

/** The binding the TPP registered (its `senderConstraint`). */
export function tokenBinding(
  tpp: Pick<OnboardedTpp, 'senderConstraint' | 'dpopKey' | 'signingAlg' | 'clientName'>,
  fetch: oidc.CustomFetch,
  authorizationServer: () => Promise<oidc.Configuration>,
): TokenBinding {
  return tpp.senderConstraint === 'dpop' ? dpopBinding(tpp, authorizationServer) : certificateBinding(fetch);
}
