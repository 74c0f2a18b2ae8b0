import * as oidc from 'openid-client';
import type { OnboardedTpp, ProfileChoices } from '@fapi/onboarding';
import type { OBDomesticInitiation, OBRisk1 } from '@fapi/open-banking';
import { fintechProtocol } from './fintech-protocol';
import { signingPrivateKey } from './signing-key';

/** OB Security Profile: the ACR the TPP requires (strong customer authentication). */
export const SCA_ACR = 'urn:openbanking:psd2:sca';

/**
 * What the PSU is asked to authorise, and what the callback must do once they have: show the shared accounts, or make
 * the payment, for which it needs the consent's exact Initiation and Risk (the bank refuses any difference, U008).
 */
export type AuthorizationPurpose =
  | { kind: 'account-access' }
  | { kind: 'domestic-payment'; initiation: OBDomesticInitiation; risk: OBRisk1 };

/** The OB scope for each purpose, with `openid` so that the ID Token carries the intent id back. */
export const AUTHORIZATION_SCOPES: Record<AuthorizationPurpose['kind'], string> = {
  'account-access': 'openid accounts',
  'domestic-payment': 'openid payments',
};

/** A consent at the bank (its id is the intent) and why the TPP wants it authorised. */
export interface AuthorizationIntent {
  consentId: string;
  purpose: AuthorizationPurpose;
}

/** What the TPP keeps (server-side) between sending the PSU to the AS and the callback. */
export interface PendingAuthorization extends AuthorizationIntent {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface AuthorizationRequest {
  /** Where to send the PSU's browser. */
  url: URL;
  pending: PendingAuthorization;
}

/**
 * OB Security Profile: the consent travels as the essential ID Token claim `openbanking_intent_id`, with the SCA acr
 * requested as essential too.
 */
export function openBankingIntentClaims(consentId: string) {
  return {
    id_token: {
      openbanking_intent_id: { value: consentId, essential: true },
      acr: { essential: true, values: [SCA_ACR] },
    },
  };
}

/**
 * Builds the authorization request for a consent, with the scope of its purpose: one request for both journeys, sent
 * as the fintech's protocol says (fintech-protocol.ts). PKCE S256 always (FAPI requires it with PAR, FAPI 2.0 always).
 * - signed-pushed (FAPI 1.0 JARM, FAPI 2.0 signed): every parameter goes into a request object signed with the TPP's
 *   key (openid-client sets iss = client_id, aud = issuer, jti, iat, nbf = now and exp = now + 60 s, well within
 *   FAPI's 60-minute ceiling), pushed to the PAR endpoint; the browser carries only client_id and request_uri.
 *   With JARM openid-client adds `response_mode=jwt`.
 * - signed-by-value (FAPI 1.0 hybrid): `code id_token`, the request object by value, with response_type, client_id and
 *   scope duplicated as plain parameters (FAPI 1.0 Advanced 5.2.3 "if not using PAR", OIDC Core 6.1).
 * - plain-pushed (FAPI 2.0 unsigned): the same parameters as a plain form pushed to PAR (FAPI 2.0 requires PAR,
 *   signing the request is Message Signing's option).
 * `tokenRequestOptions`: a DPoP-bound TPP proves its key at PAR too, which binds the code to it (RFC 9449 10).
 */
export async function buildAuthorizationRequest(
  config: oidc.Configuration,
  tpp: ProfileChoices & Pick<OnboardedTpp, 'signingKey' | 'signingKid' | 'signingAlg'>,
  { consentId, purpose }: AuthorizationIntent,
  redirectUri: string,
  tokenRequestOptions: oidc.DPoPOptions = {},
): Promise<AuthorizationRequest> {
  const scope = AUTHORIZATION_SCOPES[purpose.kind];
  const pending: PendingAuthorization = {
    consentId,
    purpose,
    redirectUri,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
  const parameters = {
    redirect_uri: redirectUri,
    scope,
    state: pending.state,
    nonce: pending.nonce,
    claims: JSON.stringify(openBankingIntentClaims(consentId)),
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  };
  const { request } = fintechProtocol(tpp);
  if (request === 'plain-pushed') return { url: await oidc.buildAuthorizationUrlWithPAR(config, parameters, tokenRequestOptions), pending };
  const byValue = await oidc.buildAuthorizationUrlWithJAR(config, parameters, signingPrivateKey(tpp));
  if (request === 'signed-pushed') {
    return { url: await oidc.buildAuthorizationUrlWithPAR(config, byValue.searchParams, tokenRequestOptions), pending };
  }
  byValue.searchParams.set('response_type', 'code id_token');
  byValue.searchParams.set('scope', scope);
  return { url: byValue, pending };
}
