import path from 'node:path';
import Provider, { type KoaContextWithOIDC, type Token } from 'oidc-provider';
import { readValidCertificate, SandboxFiles } from '@fapi/pki';
import type { NatsContractClient } from '@fapi/nats-contract';
import { pageHeaders } from '@fapi/web-pages';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import { bankResource, BANK_SCOPES } from '../rules/bank-resource';
import { assertClientAssertionAudienceAndIssuedAt } from '../rules/client-assertion';
import { CLIENT_AUTH_METHODS } from '../rules/client-authentication';
import { consentPerAuthorisation } from '../rules/consent-per-authorisation';
import { checkDpopProofs, dpopFeature } from '../rules/dpop-proof';
import { devicePolling } from '../rules/device-polling';
import { clientProfileMetadata, FAPI_CLIENT_METADATA_POLICY, profileOf, profileRegistrationRules } from '../profiles/client-profile';
import { type GrantRevocationAnnouncements, grantInAccessToken, revokeGrantsAtTheBank } from '../rules/grant-revocation';
import { countGrantsAndRefusals } from './provider-metrics';
import type { ConsentRequester } from '../consents/intent-kind';
import { bindIntentToClient } from '../rules/intent-binding';
import { intentInAccessToken } from '../rules/intent-in-access-token';
import { jwksUriPolicy } from '../rules/jwks-uri';
import { allowHttpsLocalhostRedirectUris } from '../rules/localhost-redirect-uris';
import { mtlsFromTlsSocket } from '../rules/mtls-certificate';
import { boundedOutgoingFetch, OUTGOING_FETCH_LIMITS } from '../rules/outgoing-fetch';
import { ownTokensOnly } from '../rules/own-tokens-only';
import { pkceRequiredByProfile } from '../rules/pkce';
import { refuseWhatTheProfileForbids } from '../rules/profile-authorization-request';
import { rewordRefusals, withRuleDescription } from '../rules/refused-flows';
import { issueRefreshTokenForAuthorisedConsents } from '../rules/refresh-tokens';
import { clientBasedCORS, neverReflectUnregisteredOrigins } from '../rules/registered-cors-origins';
import { assertPushedParametersNameAnIntent, assertRequestNamesAnIntent } from '../rules/request-names-an-intent';
import { assertRequestObjectLifetime } from '../rules/request-object';
import { FAPI_SIGNING_ALGS, fapiEnabledJwa } from '../rules/signing-algorithms';
import type { OidcModelStore } from '../storage/oidc-model-store';
import type { ReplayRecords } from '../storage/replay-records';
import { atomicReplayDetection } from '../storage/atomic-replay-detection';
import { type ClientRegistrations, oidcModelAdapterFactory } from '../storage/oidc-model-adapter';
import { findCachedClientsByIdentity } from '../storage/registered-client-cache';
import { deviceFlowPages } from '../interactions/device-pages';
import { rulesPageUrl } from '../docs/rules-page';
import { logoutPage, oauthErrorPage, signedOutPage } from '../interactions/pages';
import type { ProviderMaterial } from './provider-material';
import type { RecordingQueue } from '@fapi/developer-console';
import type { ConsoleStore } from '../console/console-store';
import { noteShownRefusal, recordRequests } from '../console/request-recording';
import { psuAccounts } from './psu-account';
import { CookieSignatures } from './cookie-signatures';

/** The page of an interaction (login or consent), where oidc-provider sends the PSU and the sign-in returns to. */
export const interactionPath = (uid: string): string => `/interaction/${uid}`;

/** The ACR of a login through the bank's credentials: the sandbox's strong customer authentication. */
export const SCA_ACR = 'urn:openbanking:psd2:sca';

/** Tolerated clock skew for assertions and request objects (below ~10 s legitimate nbf skew gets refused). */
const CLOCK_TOLERANCE_SECONDS = 15;

export interface FapiProviderDependencies {
  options: AuthorizationServerOptions;
  material: ProviderMaterial;
  store: OidcModelStore;
  /** The ids used once (assertion and DPoP proof jtis), shared by every instance. */
  replays: ReplayRecords;
  /** How registered clients are cached and their changes announced to the other instances. */
  clients: ClientRegistrations;
  consents: ConsentRequester;
  /** How the provider tells the bank what it must know before the provider answers (grant revocations). */
  bank: Pick<NatsContractClient, 'request'>;
  /** Where the provider announces grant revocations durably, for a bank that was away when told. */
  revocations: GrantRevocationAnnouncements;
  /** The developer console: where each answered request is recorded, and the store of the certificates that open it. */
  developerConsole: { recording: RecordingQueue; store: ConsoleStore };
}

/** What a page of oidc-provider's (error, logout) needs of its Koa context: to set headers and the body. */
type PageContext = { set(headers: Record<string, string>): void; body: unknown };

/**
 * oidc-provider's error page (an OAuth error it cannot send back to the client), in the bank's look, with our description
 * naming the rule when it is a refusal we re-word (../rules/refused-flows.ts) and a link to the rules page.
 */
function errorPageRenderer(issuer: string) {
  const rulesPage = rulesPageUrl(issuer);
  return async (ctx: PageContext & KoaContextWithOIDC, out: Record<string, unknown>, error?: { error_detail?: unknown }): Promise<void> => {
    ctx.set(pageHeaders());
    const detail = typeof error?.error_detail === 'string' ? error.error_detail : undefined;
    const shown = withRuleDescription(ctx, out, detail);
    noteShownRefusal(ctx, shown);
    ctx.body = oauthErrorPage(shown, rulesPage).value;
  };
}

/**
 * The FAPI authorization server: oidc-provider's whole configuration in one place, for clients of every profile
 * (../profiles/client-profile.ts: FAPI 1.0 Advanced final, FAPI 2.0 Security Profile final with Message Signing's
 * choices, teaching). Each FAPI/OB rule lives in its own file under ../rules; the comments here say which option
 * enforces what, including the rules oidc-provider enforces itself once a client's FAPI profile ('1.0 Final' or '2.0')
 * and these options are set. The order in which a request meets our rules, with the clause each enforces, is the table
 * REQUEST_PATH in ./request-path.ts.
 */
export function createFapiProvider({ options, material, store, replays, clients, consents, bank, revocations, developerConsole }: FapiProviderDependencies): Provider {
  const { lifetimes, sandbox } = options;
  const jwksUri = jwksUriPolicy(sandbox.allowHttpsLoopbackJwksUris);
  const renderErrorPage = errorPageRenderer(options.issuer);
  const provider = new Provider(options.issuer, {
    adapter: oidcModelAdapterFactory(store, clients),
    jwks: material.jwks,
    // koa's cookies sign and check through a keygrip-like object; ours holds KeyObjects (./cookie-signatures.ts: why)
    cookies: { keys: new CookieSignatures(material.cookieKeys) },
    findAccount: psuAccounts(store),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,

    features: {
      // Per client, from its profile (../profiles): '1.0 Final' makes oidc-provider require nonce (openid) or state,
      // add s_hash, allow code-only responses only as JARM, and refuse query-string access tokens; '2.0' makes it
      // require redirect_uri even of a client with one (5.3.2.2-6) and request objects with exp, nbf and aud (our
      // pkce and client-assertion rules replace its PKCE and assertion aud checks, per profile). Whatever the profile,
      // every authorization response carries iss (RFC 9207, FAPI 2.0 5.3.2.2-7), plain or JARM.
      fapi: { enabled: true, profile: (_ctx: unknown, client?: Record<string, unknown>) => profileOf(client).oidcProviderFapiProfile },
      mTLS: { enabled: true, certificateBoundAccessTokens: true, tlsClientAuth: true, ...mtlsFromTlsSocket },
      // Required per client (require_pushed_authorization_requests, which FAPI 2.0 clients register): FAPI 1.0 hybrid
      // clients send request objects by value. A request_uri lives at most 60 s and is consumed by the authorization it
      // starts (FAPI 2.0 5.3.2.2-12 asks less than 600 s).
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false, allowUnregisteredRedirectUris: false },
      // Signed request objects are required per client (require_signed_request_object): always for FAPI 1.0 Advanced
      // clients (rules/signed-request-objects.ts), a FAPI 2.0 client's Message Signing choice, never for teaching clients.
      requestObjects: {
        enabled: true,
        requireSignedRequestObject: false,
        assertJwtClaimsAndHeader: async (_ctx: unknown, claims: Record<string, unknown>) => {
          assertRequestObjectLifetime(claims);
          assertRequestNamesAnIntent(claims);
        },
      },
      jwtResponseModes: { enabled: true },
      claimsParameter: { enabled: true, assertClaimsParameter: bindIntentToClient(consents) },
      resourceIndicators: {
        enabled: true,
        ...bankResource(options.bankUrl, (client) => profileOf(client as Record<string, unknown>).mayHoldBankTokens, options.accessTokenSigningAlg),
      },
      clientCredentials: { enabled: true },
      // RFC 8628, for teaching clients only (rules/profile-allowances.ts): the verification page in the bank's look
      // (interactions/device-pages.ts), the PSU's login and consent as for any authorization, polling paced by
      // rules/device-polling.ts.
      deviceFlow: { enabled: true, charset: 'base-20', mask: '****-****', ...deviceFlowPages },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      userinfo: { enabled: true },
      registration: {
        enabled: true,
        // Adapter-backed: the token from registration.token is stored with the FAPI metadata policy attached.
        initialAccessToken: true,
        policies: {
          [FAPI_CLIENT_METADATA_POLICY]: async (ctx: unknown, metadata: Record<string, unknown>) => {
            await profileRegistrationRules(ctx, metadata);
            await jwksUri(ctx, metadata);
          },
        },
        issueRegistrationAccessToken: false,
      },
      devInteractions: { enabled: false },
      // The logout pages in the bank's look (oidc-provider's defaults load a web font from Google, blocked by our CSP).
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: PageContext, form: string) => {
          ctx.set(pageHeaders());
          ctx.body = logoutPage(form).value;
        },
        postLogoutSuccessSource: async (ctx: PageContext & { oidc: { client?: { clientName?: string } } }) => {
          ctx.set(pageHeaders());
          ctx.body = signedOutPage(ctx.oidc.client?.clientName).value;
        },
      },
      // RFC 9449, server-provided nonces required (rules/dpop-proof.ts; our own checks are checkDpopProofs below).
      dPoP: dpopFeature(material.dpopNonceSecret),
    },

    // What oidc-provider fetches for a client (its jwks_uri): guarded and bounded (rules/outgoing-fetch.ts).
    fetch: boundedOutgoingFetch({
      allowLoopback: sandbox.allowHttpsLoopbackJwksUris,
      sandboxCaPem: readValidCertificate(path.join(options.certsDir, SandboxFiles.caCert)),
    }),
    fetchResponseBodyLimits: { jwks_uri: OUTGOING_FETCH_LIMITS.maxBodyBytes, sector_identifier_uri: OUTGOING_FETCH_LIMITS.maxBodyBytes },

    // Checked on every authorization request (last, once the request object is read): pushed plain parameters name an intent.
    extraParams: { claims: assertPushedParametersNameAnIntent },
    extraClientMetadata: clientProfileMetadata,
    clientBasedCORS,
    clientAuthMethods: CLIENT_AUTH_METHODS,
    enabledJWA: fapiEnabledJwa,
    assertJwtClientAuthClaimsAndHeader: assertClientAssertionAudienceAndIssuedAt(CLOCK_TOLERANCE_SECONDS),
    pkce: { required: pkceRequiredByProfile },
    // FAPI 1.0 Advanced 5.2.2-10, FAPI 2.0 5.3.2.2-6: redirect_uri is required even when the client registered only one.
    allowOmittingSingleRegisteredRedirectUri: false,
    responseTypes: ['code id_token', 'code'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code id_token'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: FAPI_SIGNING_ALGS[0],
      authorization_signed_response_alg: FAPI_SIGNING_ALGS[0],
      tls_client_certificate_bound_access_tokens: true,
      require_signed_request_object: true,
    },

    // `profile` (its claim: the PSU's name) for teaching clients, whose registration allows only openid and profile.
    scopes: ['openid', 'profile', ...BANK_SCOPES],
    claims: { openid: ['sub'], profile: ['name'], acr: null, auth_time: null, openbanking_intent_id: null },
    acrValues: [SCA_ACR],
    extraTokenClaims: async (ctx: KoaContextWithOIDC, token: Token) => ({ ...(await intentInAccessToken(ctx, token)), ...grantInAccessToken(token) }),
    issueRefreshToken: issueRefreshTokenForAuthorisedConsents,
    // What a PSU authorises lives as long as its OB consent (until it expires or is revoked), not as long as their
    // browser session at the bank: oidc-provider's default ties codes and tokens without offline_access to the session,
    // so signing out of the bank (or another PSU signing in on the same browser) revoked the TPP's grant.
    expiresWithSession: async () => false,
    rotateRefreshToken: false,
    interactions: { policy: consentPerAuthorisation(), url: async (_ctx: unknown, interaction: { uid: string }) => interactionPath(interaction.uid) },
    renderError: renderErrorPage,

    // Single use and replay are oidc-provider's: a reused code revokes its grant's tokens, a used request_uri (max
    // 60 s) is refused, assertion and DPoP proof jti are remembered until they expire (in the shared table, atomically:
    // ../storage/atomic-replay-detection.ts). Codes live lifetimes.authorizationCode (60 s: FAPI 2.0 5.3.2.1-11).
    ttl: {
      AuthorizationCode: lifetimes.authorizationCode,
      AccessToken: lifetimes.accessToken,
      ClientCredentials: lifetimes.clientCredentials,
      IdToken: lifetimes.idToken,
      RefreshToken: lifetimes.refreshToken,
      Grant: lifetimes.refreshToken,
      Interaction: lifetimes.interaction,
      DeviceCode: lifetimes.deviceCode,
      Session: lifetimes.session,
    },
  });
  findCachedClientsByIdentity(provider, clients.cache);
  // First: outermost, so it records each answer as our other middlewares leave it (with our refusal's words).
  recordRequests(provider, developerConsole.recording, developerConsole.store);
  if (sandbox.allowHttpsLocalhostRedirectUris) allowHttpsLocalhostRedirectUris(provider);
  refuseWhatTheProfileForbids(provider, renderErrorPage);
  checkDpopProofs(provider, (kind, id, seconds) => replays.rememberOnce(kind, id, seconds), CLOCK_TOLERANCE_SECONDS);
  atomicReplayDetection(provider, replays);
  neverReflectUnregisteredOrigins(provider, () => store.registeredRedirectUris());
  revokeGrantsAtTheBank(provider, bank, revocations);
  countGrantsAndRefusals(provider);
  rewordRefusals(provider);
  devicePolling(provider, store, lifetimes.deviceCode);
  return provider;
}

/** Stores the registration token as the initial access token carrying the FAPI metadata policy (idempotent). */
export async function installRegistrationToken(provider: Provider, registrationToken: string): Promise<void> {
  await new provider.InitialAccessToken({ jti: registrationToken, policies: [FAPI_CLIENT_METADATA_POLICY] }).save();
}
