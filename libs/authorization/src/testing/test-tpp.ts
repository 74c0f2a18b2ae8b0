import { randomUUID } from 'node:crypto';
import { Agent, fetch, type Headers } from 'undici';
import { importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { SigningKey, TestCertificate } from '@fapi/testing';

export interface HttpResult {
  status: number;
  location?: string;
  json: Record<string, unknown>;
  text: string;
  headers: Headers;
}

/** An HTTPS connection to the AS, with the sandbox CA trusted and optionally a client certificate presented. */
export class AsConnection {
  readonly agent: Agent;

  constructor(
    readonly issuer: string,
    caPem: string,
    transport?: TestCertificate,
  ) {
    this.agent = new Agent({ connect: { ca: caPem, ...(transport && { cert: transport.cert, key: transport.key }) } });
  }

  async request(pathOrUrl: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
    const response = await fetch(new URL(pathOrUrl, this.issuer), { ...init, redirect: 'manual', dispatcher: this.agent });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (HTML page or empty body)
    }
    return { status: response.status, location: response.headers.get('location') ?? undefined, json, text, headers: response.headers };
  }

  postForm(path: string, fields: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<HttpResult> {
    const body = new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString() });
  }

  postJson(path: string, json: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

export const now = () => Math.floor(Date.now() / 1000);

export async function sign(payload: JWTPayload, key: SigningKey, options: { alg?: string; jwk?: JWK } = {}): Promise<string> {
  const alg = options.alg ?? key.alg;
  const jwk = options.jwk ?? key.privateJwk;
  return new SignJWT(payload).setProtectedHeader({ alg, kid: jwk.kid }).sign(await importJWK({ ...jwk, alg }, alg));
}

/** The OB claims parameter naming a consent, as docs/architecture.md fixes it. */
export const intentClaims = (consentId: string) => ({
  id_token: {
    openbanking_intent_id: { value: consentId, essential: true },
    acr: { essential: true, values: ['urn:openbanking:psd2:sca'] },
  },
});

/** What a DPoP proof (RFC 9449 4.2) says; tests change one thing of a valid proof. */
export interface DpopProofClaims {
  htm?: string;
  /** Absolute, or a path under the issuer. */
  htu?: string;
  iat?: number;
  jti?: string;
  nonce?: string;
  ath?: string;
}

/** A DPoP proof signed by `key` (typ dpop+jwt, the public key in the header); `header` replaces header members. */
export async function dpopProof(issuer: string, key: SigningKey, claims: DpopProofClaims, header: Record<string, unknown> = {}): Promise<string> {
  const { htu = '/token', ...rest } = claims;
  const payload = { htm: 'POST', iat: now(), jti: randomUUID(), ...rest, htu: new URL(htu, issuer).href };
  const protectedHeader = { typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk, ...header } as Parameters<SignJWT['setProtectedHeader']>[0];
  return new SignJWT(payload).setProtectedHeader(protectedHeader).sign(await importJWK(key.privateJwk, key.alg));
}

/** A registered TPP: its client_id, keys and transport certificate, and the requests it makes. */
export class TestTpp {
  readonly connection: AsConnection;

  constructor(
    readonly issuer: string,
    caPem: string,
    readonly clientId: string,
    readonly clientName: string,
    readonly authMethod: 'private_key_jwt' | 'tls_client_auth',
    readonly key: SigningKey,
    readonly transport: TestCertificate,
    readonly redirectUri: string,
    fapi2: { dpopKey?: SigningKey } | undefined = undefined,
  ) {
    this.connection = new AsConnection(issuer, caPem, transport);
    this.dpopKey = fapi2?.dpopKey;
    this.assertionAudience = fapi2 ? issuer : `${issuer}/token`;
  }

  /** The key a DPoP client proves possession of (a FAPI 2.0 DPoP client only). */
  readonly dpopKey?: SigningKey;

  /** Whom its client assertions address: the issuer for a FAPI 2.0 client (5.3.2.1-8), the token endpoint otherwise. */
  readonly assertionAudience: string;

  /** A request object with every claim FAPI wants; `overrides` replace (or with undefined, remove) claims. */
  requestObject(claims: Record<string, unknown>, overrides: Record<string, unknown> = {}, signing: { alg?: string; jwk?: JWK } = {}): Promise<string> {
    const payload: Record<string, unknown> = {
      iss: this.clientId,
      aud: this.issuer,
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      scope: 'openid accounts',
      state: randomUUID(),
      nonce: randomUUID(),
      iat: now(),
      nbf: now(),
      exp: now() + 300,
      ...claims,
      ...overrides,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return sign(payload as JWTPayload, this.key, signing);
  }

  /** private_key_jwt client_assertion (RFC 7523); `overrides` replace claims. */
  clientAssertion(overrides: Record<string, unknown> = {}, signing: { alg?: string; jwk?: JWK } = {}): Promise<string> {
    const payload: Record<string, unknown> = {
      iss: this.clientId,
      sub: this.clientId,
      aud: this.assertionAudience,
      jti: randomUUID(),
      iat: now(),
      exp: now() + 60,
      ...overrides,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return sign(payload as JWTPayload, this.key, signing);
  }

  /** The client-authentication fields of a back-channel request. */
  async clientAuth(assertion?: string): Promise<Record<string, string>> {
    if (this.authMethod === 'tls_client_auth') return { client_id: this.clientId };
    return {
      client_id: this.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion ?? (await this.clientAssertion()),
    };
  }

  async par(request: string, assertion?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.connection.postForm('/request', { ...(await this.clientAuth(assertion)), request }, headers);
  }

  /** A pushed authorization request of plain form parameters (a FAPI 2.0 `unsigned` client). */
  async parParameters(parameters: Record<string, string | undefined>, assertion?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.connection.postForm('/request', { ...(await this.clientAuth(assertion)), ...parameters }, headers);
  }

  async token(fields: Record<string, string | undefined>, assertion?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.connection.postForm('/token', { ...(await this.clientAuth(assertion)), ...fields }, headers);
  }

  /** A DPoP proof of this client's DPoP key (or `key`) for a POST to the token endpoint unless `claims` say otherwise. */
  dpopProof(claims: DpopProofClaims = {}, key: SigningKey | undefined = this.dpopKey, header: Record<string, unknown> = {}): Promise<string> {
    if (!key) throw new Error(`${this.clientName} has no DPoP key`);
    return dpopProof(this.issuer, key, claims, header);
  }

  /**
   * A request with a DPoP proof carrying the server's nonce, as openid-client makes it: the first answer without one is
   * use_dpop_nonce with the DPoP-Nonce header (RFC 9449 8), so it is sent again, once, with a new proof naming it.
   */
  async withDpopNonce(claims: DpopProofClaims, send: (headers: Record<string, string>) => Promise<HttpResult>, key = this.dpopKey): Promise<HttpResult> {
    const first = await send({ dpop: await this.dpopProof(claims, key) });
    const nonce = first.headers.get('dpop-nonce');
    if (first.json.error !== 'use_dpop_nonce' || !nonce) return first;
    return send({ dpop: await this.dpopProof({ ...claims, nonce }, key) });
  }

  /** A token request with a DPoP proof of `key` (the client's by default), nonce included. */
  tokenWithDpop(fields: Record<string, string | undefined>, key = this.dpopKey): Promise<HttpResult> {
    return this.withDpopNonce({ htm: 'POST', htu: '/token' }, (headers) => this.token(fields, undefined, headers), key);
  }

  async introspect(token: string): Promise<HttpResult> {
    return this.connection.postForm('/token/introspection', { ...(await this.clientAuth()), token });
  }

  authorizationUrl(params: Record<string, string>): string {
    return `${this.issuer}/auth?${new URLSearchParams({ client_id: this.clientId, ...params })}`;
  }
}
