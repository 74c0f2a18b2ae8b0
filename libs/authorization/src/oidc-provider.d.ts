/**
 * The part of oidc-provider 9.13.3's API this library uses (the package ships no type declarations). Each member
 * mirrors node_modules/oidc-provider/lib; keep these types out of the library's public index.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Socket } from 'node:net';

  export type AdapterPayload = Record<string, unknown> & {
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
  };

  /** The storage contract (lib/adapters/memory_adapter.js); one instance per model name. */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Client {
    clientId: string;
    clientName?: string;
    /** The registered public JWKS (registration refuses private and symmetric keys), when registered by value. */
    jwks?: { keys: Array<Record<string, unknown>> };
    clientAuthMethod: string;
    redirectUris: string[];
    grantTypeAllowed(type: string): boolean;
    /** Registered dpop_bound_access_tokens: its tokens need a DPoP proof. */
    dpopBoundAccessTokens?: boolean;
    /** Whether the client registered this response_type (asked at PAR and the authorization endpoint). */
    responseTypeAllowed(type: string): boolean;
  }

  /** The stored artefacts hooks receive (AccessToken, ClientCredentials, AuthorizationCode, RefreshToken, ...). */
  export interface Token {
    kind: string;
    jti: string;
    clientId?: string;
    accountId?: string;
    grantId?: string;
    gty?: string;
    claims?: ClaimsParameter;
  }

  export interface ClaimsParameterMember {
    essential?: boolean;
    value?: unknown;
    values?: unknown[];
  }

  export interface ClaimsParameter {
    id_token?: Record<string, ClaimsParameterMember | null>;
    userinfo?: Record<string, ClaimsParameterMember | null>;
  }

  export interface OIDCContext {
    route: string;
    issuer: string;
    provider: Provider;
    client?: Client;
    params?: Record<string, unknown>;
    entities: Record<string, Token | undefined>;
    result?: { login?: unknown; consent?: unknown };
    /** The PSU's session at the AS (its state holds the device verification form's xsrf secret). */
    session?: { state?: Record<string, unknown> };
    urlFor(name: string, options?: Record<string, unknown>): string;
  }

  export interface KoaContextWithOIDC {
    /** Set once oidc-provider's router matched a route (so not in a provider.use middleware before next(), nor on a 404). */
    oidc: OIDCContext;
    get(header: string): string;
    set(header: string, value: string): void;
    set(headers: Record<string, string>): void;
    body: unknown;
    remove(header: string): void;
    response: { get(header: string): string };
    socket: Socket;
    req: IncomingMessage;
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    /** The response body as oidc-provider set it (an object for JSON errors and token responses). */
    body: unknown;
    type: string;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    lastSubmission?: Record<string, unknown>;
    /** Where the PSU's browser resumes the authorization once a result is stored. */
    returnTo: string;
    result?: InteractionResults | Record<string, unknown>;
    /** Expiry, seconds since the epoch. */
    exp: number;
    /** Stores the interaction for `ttl` more seconds. */
    save(ttl: number): Promise<string>;
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    rejectOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    rejectResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface ClientSchemaPrototype {
    invalidate(message: string, code?: string): void;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    /** An endpoint's path under the issuer's (e.g. pathFor('token') is '/token'), from the configuration only. */
    pathFor(name: string): string;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    Grant: new (properties: { accountId: string; clientId: string }) => Grant;
    InitialAccessToken: new (properties: { jti: string; policies?: string[] }) => { save(): Promise<string> };
    /** Remembers JWT ids (client assertions, DPoP proofs): unique answers false for one already remembered. */
    ReplayDetection: { unique(iss: string, jti: string, expiresAt: number): Promise<boolean> };
    Client: {
      find(clientId: string): Promise<Client | undefined>;
      Schema: { prototype: ClientSchemaPrototype };
      prototype: Client;
    };
  }

  export default Provider;

  type OAuthErrorClass = new (description?: string, detail?: string) => Error & { error: string; status: number };

  export const errors: {
    AccessDenied: OAuthErrorClass;
    InvalidClientAuth: OAuthErrorClass;
    InvalidClientMetadata: OAuthErrorClass;
    InvalidDpopProof: OAuthErrorClass;
    InvalidGrant: OAuthErrorClass;
    InvalidRequest: OAuthErrorClass;
    InvalidRequestObject: OAuthErrorClass;
    InvalidRequestUri: OAuthErrorClass;
    InvalidTarget: OAuthErrorClass;
  };

  export interface Check {
    reason: string;
  }

  export interface Prompt {
    name: string;
    checks: Check[] & { add(check: Check, index?: number): void };
  }

  export const interactionPolicy: {
    Check: {
      new (reason: string, description: string, check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>): Check;
      REQUEST_PROMPT: boolean;
      NO_NEED_TO_PROMPT: boolean;
    };
    base(): Prompt[] & { get(name: string): Prompt | undefined };
  };
}
