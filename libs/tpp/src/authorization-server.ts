import * as oidc from 'openid-client';
import type { OnboardedTpp } from '@fapi/onboarding';
import { signingPrivateKey } from './signing-key';

type ClientRegistration = Pick<
  OnboardedTpp,
  'clientId' | 'issuer' | 'authMethod' | 'responseStyle' | 'signingAlg' | 'signingKid' | 'signingKey'
>;

/** The token endpoint authentication the TPP registered: FAPI 1.0 Advanced allows only private_key_jwt and mTLS. */
export function clientAuthentication(tpp: ClientRegistration): oidc.ClientAuth {
  return tpp.authMethod === 'tls_client_auth' ? oidc.TlsClientAuth() : oidc.PrivateKeyJwt(signingPrivateKey(tpp));
}

/** The client metadata openid-client checks responses against (the values onboarding registered). */
export function clientMetadata(tpp: ClientRegistration): Partial<oidc.ClientMetadata> {
  return {
    use_mtls_endpoint_aliases: true,
    tls_client_certificate_bound_access_tokens: true,
    id_token_signed_response_alg: tpp.signingAlg,
    ...(tpp.responseStyle === 'jarm' ? { authorization_signed_response_alg: tpp.signingAlg } : {}),
  };
}

/**
 * FAPI 1.0 Advanced 5.2.2/5.2.3: the response is protected either by JARM (`code` + `response_mode=jwt`) or by the
 * ID Token as detached signature (`code id_token`, with c_hash and s_hash checked). ID Tokens from the token
 * endpoint have their signature checked too.
 */
export function responseProtection(responseStyle: OnboardedTpp['responseStyle']): Array<(config: oidc.Configuration) => void> {
  const frontChannel =
    responseStyle === 'jarm'
      ? [oidc.useJwtResponseMode]
      : [oidc.useCodeIdTokenResponseType, oidc.enableDetachedSignatureResponseChecks];
  return [...frontChannel, oidc.enableNonRepudiationChecks];
}

/** The openid-client configuration for this TPP at its authorization server, from the AS's discovery document. */
export function discoverAuthorizationServer(tpp: ClientRegistration, fetch: oidc.CustomFetch): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(tpp.issuer), tpp.clientId, clientMetadata(tpp), clientAuthentication(tpp), {
    [oidc.customFetch]: fetch,
    execute: responseProtection(tpp.responseStyle),
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
  for (const apply of responseProtection(tpp.responseStyle)) apply(config);
  return config;
}
