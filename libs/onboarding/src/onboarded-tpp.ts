import type { KeyObject } from 'node:crypto';
import type { SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';

/** The FAPI profiles, whose clients the bank trusts: a TPP registers with one of them. */
export type FapiProfileName = 'fapi1-advanced' | 'fapi2';
/** The authorization server's client profile a client registers with (its `client_profile` metadata). */
export type ClientProfileName = FapiProfileName | 'teaching';
/** How a FAPI client authenticates at the token endpoint (FAPI 1.0 Advanced 5.2.2-14, FAPI 2.0 5.3.1-4). */
export type AuthMethod = 'private_key_jwt' | 'tls_client_auth';
/** A teaching client may also be public (RFC 6749 2.1): identified by its client_id alone. */
export type TeachingAuthMethod = 'none' | AuthMethod;
/** FAPI 1.0 Advanced: how the authorization response is protected (JARM, or the ID Token as detached signature). */
export type ResponseStyle = 'jarm' | 'hybrid';
/** FAPI 2.0: what binds the access tokens to the TPP, its transport certificate (RFC 8705) or a DPoP key (RFC 9449). */
export type SenderConstraint = 'mtls' | 'dpop';
/** FAPI 2.0 Message Signing: request objects signed (JAR) and pushed, or plain parameters pushed to PAR. */
export type RequestObject = 'signed' | 'unsigned';

export const FAPI_PROFILE_NAMES: readonly FapiProfileName[] = ['fapi1-advanced', 'fapi2'];
export const CLIENT_PROFILE_NAMES: readonly ClientProfileName[] = [...FAPI_PROFILE_NAMES, 'teaching'];
export const AUTH_METHODS: readonly AuthMethod[] = ['private_key_jwt', 'tls_client_auth'];
export const TEACHING_AUTH_METHODS: readonly TeachingAuthMethod[] = ['none', ...AUTH_METHODS];
export const RESPONSE_STYLES: readonly ResponseStyle[] = ['jarm', 'hybrid'];
export const SENDER_CONSTRAINTS: readonly SenderConstraint[] = ['mtls', 'dpop'];
export const REQUEST_OBJECTS: readonly RequestObject[] = ['signed', 'unsigned'];

/**
 * What a TPP chooses beyond its authentication, per profile. FAPI 1.0 Advanced fixes sender constraint (mTLS) and
 * request objects (signed) and lets it choose the response style; FAPI 2.0 lets it choose both and has no response
 * style to register (a request asks for JARM with response_mode=jwt, or gets code + iss).
 */
export type ProfileChoices =
  | { profile: 'fapi1-advanced'; responseStyle: ResponseStyle; senderConstraint: 'mtls'; requestObject: 'signed' }
  | { profile: 'fapi2'; responseStyle?: undefined; senderConstraint: SenderConstraint; requestObject: RequestObject };

/** `client.json` of an onboarded folder: who the TPP is and how it registered. */
export type OnboardedClient = {
  clientId: string;
  clientName: string;
  issuer: string;
  bankUrl: string;
  redirectUris: string[];
  authMethod: AuthMethod;
  signingAlg: SigningAlg;
  signingKid: string;
} & ProfileChoices;

/** Everything a TPP's code needs to call the sandbox, as `loadOnboardedTpp` reads it from the onboarded folder. */
export type OnboardedTpp = OnboardedClient & {
  /** The transport (mTLS) certificate, its key and the sandbox CA, PEM. */
  transport: { certPem: string; keyPem: string; caPem: string };
  /** The private signing key (request objects, private_key_jwt assertions); jose signs with it. */
  signingKey: KeyObject;
  /** The public JWKS registered at the authorization server. */
  publicJwks: { keys: JWK[] };
  /** The private key DPoP proofs are signed with (`dpop.jwk.json`), for a DPoP-bound TPP only. */
  dpopKey?: KeyObject;
};

/**
 * `client.json` of a teaching client's folder (issue 9, "the flows the seed teaches"): no FAPI choices, and a signing
 * key only when it authenticates with private_key_jwt.
 */
export type OnboardedTeachingClientJson = Pick<OnboardedClient, 'clientId' | 'clientName' | 'issuer' | 'bankUrl' | 'redirectUris'> & {
  profile: 'teaching';
  authMethod: TeachingAuthMethod;
  /** A private_key_jwt client's signing key, both present or both absent. */
  signingAlg?: SigningAlg;
  signingKid?: string;
};

/**
 * A teaching client as `loadOnboardedTeachingClient` reads it: the transport certificate reaches the authorization
 * server over TLS with the sandbox CA (and authenticates a tls_client_auth client); a private_key_jwt client also has
 * its signing key and registered JWKS.
 */
export type OnboardedTeachingClient = OnboardedTeachingClientJson & {
  transport: OnboardedTpp['transport'];
  signingKey?: KeyObject;
  publicJwks?: { keys: JWK[] };
};
