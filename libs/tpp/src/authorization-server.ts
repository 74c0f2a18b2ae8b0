import * as oidc from 'openid-client';
import type { OnboardedTpp, ProfileChoices } from '@fapi/onboarding';
import { type FintechProtocol, fintechProtocol } from './fintech-protocol';
import { signingPrivateKey } from './signing-key';

type ClientRegistration = ProfileChoices & Pick<OnboardedTpp, 'clientId' | 'issuer' | 'authMethod' | 'signingAlg' | 'signingKid' | 'signingKey'>;

/** The token endpoint authentication the TPP registered: FAPI 1.0 Advanced and 2.0 allow only private_key_jwt and mTLS. */
export function clientAuthentication(tpp: ClientRegistration): oidc.ClientAuth {
  return tpp.authMethod === 'tls_client_auth' ? oidc.TlsClientAuth() : oidc.PrivateKeyJwt(signingPrivateKey(tpp));
}

/** The client metadata openid-client checks responses against (the values onboarding registered). */
export function clientMetadata(tpp: ClientRegistration): Partial<oidc.ClientMetadata> {
  const protocol = fintechProtocol(tpp);
  return {
    use_mtls_endpoint_aliases: true,
    tls_client_certificate_bound_access_tokens: protocol.senderConstraint === 'mtls',
    id_token_signed_response_alg: tpp.signingAlg,
    ...(protocol.response === 'jarm' ? { authorization_signed_response_alg: tpp.signingAlg } : {}),
  };
}

/** How openid-client checks each kind of authorization response (fintech-protocol.ts). */
const FRONT_CHANNEL_CHECKS: Record<FintechProtocol['response'], Array<(config: oidc.Configuration) => void>> = {
  jarm: [oidc.useJwtResponseMode],
  hybrid: [oidc.useCodeIdTokenResponseType, oidc.enableDetachedSignatureResponseChecks],
  // `iss` is checked against the issuer whenever the AS advertises authorization_response_iss_parameter_supported.
  plain: [],
};

/**
 * FAPI 1.0 Advanced 5.2.2/5.2.3: the response is protected either by JARM (`code` + `response_mode=jwt`) or by the
 * ID Token as detached signature (`code id_token`, with c_hash and s_hash checked). FAPI 2.0 (Security Profile
 * 5.3.3, RFC 9207 2.4): the plain response's `iss` is checked, or JARM's. ID Tokens from the token endpoint have their
 * signature checked too.
 */
export function responseProtection(response: FintechProtocol['response']): Array<(config: oidc.Configuration) => void> {
  return [...FRONT_CHANNEL_CHECKS[response], oidc.enableNonRepudiationChecks];
}

/** The openid-client configuration for this TPP at its authorization server, from the AS's discovery document. */
export function discoverAuthorizationServer(tpp: ClientRegistration, fetch: oidc.CustomFetch): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(tpp.issuer), tpp.clientId, clientMetadata(tpp), clientAuthentication(tpp), {
    [oidc.customFetch]: fetch,
    execute: responseProtection(fintechProtocol(tpp).response),
  });
}

/** The same configuration from known metadata (tests, or an AS whose metadata is already at hand). */
export function authorizationServerConfiguration(
  tpp: ClientRegistration,
  server: oidc.ServerMetadata,
  fetch: oidc.CustomFetch,
): oidc.Configuration {
  const config = new oidc.Configuration(server, tpp.clientId, clientMetadata(tpp), clientAuthentication(tpp));
  config[oidc.customFetch] = fetch;
  for (const apply of responseProtection(fintechProtocol(tpp).response)) apply(config);
  return config;
}
