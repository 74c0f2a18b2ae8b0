import { randomUUID } from 'node:crypto';
import { Agent, fetch } from 'undici';
import { importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { SigningKey, TestCertificate } from '@fapi/testing';

export interface HttpResult {
  status: number;
  location?: string;
  json: Record<string, unknown>;
  text: string;
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
    return { status: response.status, location: response.headers.get('location') ?? undefined, json, text };
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
  ) {
    this.connection = new AsConnection(issuer, caPem, transport);
  }

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
      aud: `${this.issuer}/token`,
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

  async par(request: string, assertion?: string): Promise<HttpResult> {
    return this.connection.postForm('/request', { ...(await this.clientAuth(assertion)), request });
  }

  async token(fields: Record<string, string | undefined>, assertion?: string): Promise<HttpResult> {
    return this.connection.postForm('/token', { ...(await this.clientAuth(assertion)), ...fields });
  }

  async introspect(token: string): Promise<HttpResult> {
    return this.connection.postForm('/token/introspection', { ...(await this.clientAuth()), token });
  }

  authorizationUrl(params: Record<string, string>): string {
    return `${this.issuer}/auth?${new URLSearchParams({ client_id: this.clientId, ...params })}`;
  }
}
