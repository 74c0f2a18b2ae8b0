import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { Agent, fetch, request } from 'undici';
import { signDetachedJws, verifyDetachedJws, type VerifiedSignature } from '@fapi/message-signing';
import { loadOnboardedTpp, type OnboardedTpp } from '@fapi/onboarding';
import { expectConformsToPisSpec } from '@fapi/open-banking/testing';
import { Browser, type InstancePorts, pkce } from '@fapi/testing';

// PKCE pairs are shared test support (@fapi/testing); the stories take them from here, with the TPP that sends them.
export { pkce };

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  pushed_authorization_request_endpoint: string;
  jwks_uri: string;
  introspection_endpoint: string;
  revocation_endpoint: string;
  [key: string]: unknown;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

/** One HTTPS call over `agent`; the answer's body parsed as JSON when it is JSON. */
export async function httpCall<T = unknown>(
  agent: Agent,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer<T>> {
  const response = await request(url, { method: method as 'GET', headers: options.headers, body: options.body, dispatcher: agent });
  const text = await response.body.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.statusCode, headers: response.headers, body: body as T, text };
}

/**
 * A third party's own code, written against the sandbox's published contract only: its onboarded folder, the AS's
 * discovery document and the OB API. It speaks raw HTTP (undici) and JOSE (jose), so every protocol step is visible.
 */
export class IndependentTpp {
  readonly onboarded: OnboardedTpp;
  readonly mtls: Agent;
  private discoveryDocument?: Discovery;
  private asKeys?: ReturnType<typeof createRemoteJWKSet>;
  private bankKeys?: { keys: [] };

  /** `connections`: at most this many keep-alive connections per server (a fintech's bounded pool); unbounded when absent. */
  constructor(folder: string, { connections }: { connections?: number } = {}) {
    this.onboarded = loadOnboardedTpp(folder);
    const { certPem, keyPem, caPem } = this.onboarded.transport;
    this.mtls = new Agent({ connections, connect: { cert: certPem, key: keyPem, ca: caPem } });
  }

  get clientId(): string {
    return this.onboarded.clientId;
  }

  get redirectUri(): string {
    return this.onboarded.redirectUris[0];
  }

  async discovery(): Promise<Discovery> {
    this.discoveryDocument ??= (await this.call<Discovery>('GET', `${this.onboarded.issuer}/.well-known/openid-configuration`)).body;
    return this.discoveryDocument;
  }

  /** Any HTTPS call over this TPP's mTLS connection (or another agent, to present a different certificate). */
  async call<T = unknown>(
    method: string,
    url: string,
    options: { headers?: Record<string, string>; body?: string; agent?: Agent } = {},
  ): Promise<HttpAnswer<T>> {
    return httpCall<T>(options.agent ?? this.mtls, method, url, options);
  }

  /** A private_key_jwt client assertion (RFC 7523); `overrides` lets refusal tests break one claim or the alg. */
  async clientAssertion(overrides: JWTPayload = {}, alg = this.onboarded.signingAlg, key = this.onboarded.signingKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.clientId, sub: this.clientId, aud: this.onboarded.issuer, jti: randomUUID(), iat: now, exp: now + 60, ...overrides })
      .setProtectedHeader({ alg, kid: this.onboarded.signingKid })
      .sign(key);
  }

  /** Client authentication parameters for the AS's endpoints, per the registered method. */
  async clientAuthentication(): Promise<Record<string, string>> {
    if (this.onboarded.authMethod === 'tls_client_auth') return { client_id: this.clientId };
    return {
      client_id: this.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await this.clientAssertion(),
    };
  }

  async postForm<T = unknown>(url: string, form: Record<string, string>, agent?: Agent): Promise<HttpAnswer<T>> {
    return this.call<T>('POST', url, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      agent,
    });
  }

  async clientCredentialsToken(scope = 'accounts'): Promise<TokenSet> {
    const { token_endpoint } = await this.discovery();
    const answer = await this.postForm<TokenSet>(token_endpoint, { grant_type: 'client_credentials', scope, ...(await this.clientAuthentication()) });
    if (answer.status !== 200) throw new Error(`client_credentials refused: ${answer.status} ${answer.text}`);
    return answer.body;
  }

  /** The signed request object of FAPI 1.0 Advanced, for one consent (overrides let refusal tests break it). */
  async requestObject(consentId: string, extra: JWTPayload = {}, header: { alg?: string } = {}, key = this.onboarded.signingKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: this.clientId,
      aud: this.onboarded.issuer,
      client_id: this.clientId,
      response_type: this.onboarded.responseStyle === 'jarm' ? 'code' : 'code id_token',
      ...(this.onboarded.responseStyle === 'jarm' ? { response_mode: 'jwt' } : {}),
      redirect_uri: this.redirectUri,
      scope: 'openid accounts',
      state: randomUUID(),
      nonce: randomUUID(),
      jti: randomUUID(),
      iat: now,
      nbf: now,
      exp: now + 300,
      claims: {
        id_token: {
          openbanking_intent_id: { value: consentId, essential: true },
          acr: { essential: true, values: ['urn:openbanking:psd2:sca'] },
        },
      },
      ...extra,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: header.alg ?? this.onboarded.signingAlg, kid: this.onboarded.signingKid }).sign(key);
  }

  async pushAuthorizationRequest(request: string, extra: Record<string, string> = {}): Promise<HttpAnswer<{ request_uri?: string; expires_in?: number; error?: string; error_description?: string }>> {
    const { pushed_authorization_request_endpoint } = await this.discovery();
    return this.postForm(pushed_authorization_request_endpoint, { request, ...extra, ...(await this.clientAuthentication()) });
  }

  async authorizationUrl(params: Record<string, string>): Promise<string> {
    const { authorization_endpoint } = await this.discovery();
    return `${authorization_endpoint}?${new URLSearchParams({ client_id: this.clientId, ...params })}`;
  }

  /**
   * Verifies a JWT the AS signed (JARM response, id_token) with the AS's published JWKS, fetched once and again when
   * a JWT names a kid it does not hold (jose's remote key set), as a TPP keeps the keys of its AS.
   */
  async verifyFromAs(jwt: string, audience = this.clientId): Promise<JWTPayload> {
    const { jwks_uri, issuer } = await this.discovery();
    this.asKeys ??= createRemoteJWKSet(new URL(jwks_uri), {
      [customFetch]: (url, init) => fetch(url, { ...init, dispatcher: this.mtls } as never) as unknown as Promise<Response>,
    });
    const { payload } = await jwtVerify(jwt, this.asKeys, { issuer, audience, algorithms: ['PS256', 'ES256'] });
    return payload;
  }

  async redeemCode(code: string, codeVerifier?: string, agent?: Agent): Promise<HttpAnswer<TokenSet & { error?: string }>> {
    const { token_endpoint } = await this.discovery();
    return this.postForm(token_endpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
      ...(await this.clientAuthentication()),
    }, agent);
  }

  /** A bank call as the OB spec wants it: Bearer token in the header, an interaction id, JSON. */
  async bank<T = unknown>(method: string, resource: string, token: string, body?: unknown, agent?: Agent): Promise<HttpAnswer<T>> {
    return this.call<T>(method, `${this.onboarded.bankUrl}/open-banking/v4.0/aisp/${resource}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-fapi-interaction-id': randomUUID(),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      agent,
    });
  }

  /**
   * A PISP call: JSON body signed with the TPP's key (x-jws-signature, iss = client_id as docs/architecture.md says)
   * and an idempotency key on POSTs. `signature: false` sends none; a string sends that one instead.
   */
  async pisp<T = unknown>(
    method: string,
    resource: string,
    token: string,
    body?: unknown,
    options: { idempotencyKey?: string; signature?: string | false; agent?: Agent } = {},
  ): Promise<HttpAnswer<T>> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'x-fapi-interaction-id': randomUUID(),
      accept: 'application/json',
    };
    if (text !== undefined) {
      headers['content-type'] = 'application/json';
      if (options.idempotencyKey !== undefined) headers['x-idempotency-key'] = options.idempotencyKey;
      const signature =
        options.signature ?? (await signDetachedJws(text, this.onboarded.signingKey, { kid: this.onboarded.signingKid, iss: this.clientId }));
      if (signature !== false) headers['x-jws-signature'] = signature;
    }
    const answer = await this.call<T>(method, `${this.onboarded.bankUrl}/open-banking/v4.0/pisp/${resource}`, { headers, body: text, agent: options.agent });
    // Every PISP answer a story sees must be what the official v4.0 OpenAPI allows, signed by the bank when it has a body.
    await expectConformsToPisSpec(method, `/open-banking/v4.0/pisp/${resource}`, answer.status, answer.body, answer.headers);
    if (answer.text) await this.verifyBankSignature(answer);
    return answer;
  }

  /**
   * Verifies the bank's x-jws-signature on an answer, over the exact bytes received, with the bank's published JWKS
   * (fetched once, as a TPP keeps its bank's keys).
   */
  async verifyBankSignature(answer: HttpAnswer): Promise<VerifiedSignature> {
    if (!this.bankKeys) {
      const jwks = await this.call<{ keys: [] }>('GET', `${this.onboarded.bankUrl}/jwks`);
      if (jwks.status !== 200) throw new Error(`the bank's JWKS answered ${jwks.status}`);
      this.bankKeys = jwks.body;
    }
    const signature = answer.headers['x-jws-signature'];
    return verifyDetachedJws(typeof signature === 'string' ? signature : undefined, answer.text, this.bankKeys);
  }

  async close(): Promise<void> {
    await this.mtls.close();
  }
}

/**
 * A PSU authorises one intent through PAR + JARM (login, then the consent page's form with `consentFields`), and the
 * TPP redeems the code: the whole front channel in one step, for stories about what comes after.
 */
export async function authorizeIntent(
  tpp: IndependentTpp,
  consentId: string,
  scope: string,
  psu: { username: string; password: string },
  consentFields: Record<string, string | string[]>,
): Promise<TokenSet> {
  const { code, verifier } = await approvedCode(tpp, consentId, scope, psu, consentFields);
  const redeemed = await tpp.redeemCode(code, verifier);
  if (redeemed.status !== 200) throw new Error(`code refused: ${redeemed.status} ${redeemed.text}`);
  return redeemed.body;
}

/**
 * The front channel of authorizeIntent alone: the authorization code the PSU's approval gives, and its PKCE verifier.
 * `browserReaches`: the instance of the AS the PSU's browser reaches (another than the one the PAR went to, say).
 */
export async function approvedCode(
  tpp: IndependentTpp,
  consentId: string,
  scope: string,
  psu: { username: string; password: string },
  consentFields: Record<string, string | string[]>,
  browserReaches: InstancePorts = {},
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const pushed = await tpp.pushAuthorizationRequest(await tpp.requestObject(consentId, { scope, code_challenge: challenge, code_challenge_method: 'S256' }));
  if (pushed.status !== 201) throw new Error(`PAR refused: ${pushed.status} ${pushed.text}`);
  const browser = new Browser(tpp.onboarded.transport.caPem, { instances: browserReaches }).stopAt(tpp.redirectUri);
  try {
    const login = await browser.open(await tpp.authorizationUrl({ request_uri: pushed.body.request_uri as string }));
    const consentPage = await browser.submit(login, 'form[action$="/login"]', { username: psu.username, password: psu.password });
    const back = await browser.submit(consentPage, 'form[action$="/consent"]', consentFields, '[value=approve]');
    const { code } = await tpp.verifyFromAs(new URL(back.url).searchParams.get('response') as string);
    return { code: code as string, verifier };
  } finally {
    await browser.close();
  }
}

/**
 * Creates an account-access consent and has the PSU share `accountIds`. `consentToken` gives the client-credentials
 * token the consent is created with: a fresh grant each time unless the caller reuses one, as a fintech does.
 */
export async function grantAccountAccess(
  tpp: IndependentTpp,
  psu: { username: string; password: string; accountIds: string[] },
  permissions: string[],
  consentToken: () => Promise<string> = async () => (await tpp.clientCredentialsToken()).access_token,
): Promise<{ consentId: string; tokens: TokenSet }> {
  const created = await tpp.bank<{ Data: { ConsentId: string } }>('POST', 'account-access-consents', await consentToken(), {
    Data: { Permissions: permissions },
    Risk: {},
  });
  if (created.status !== 201) throw new Error(`consent refused: ${created.status} ${created.text}`);
  const consentId = created.body.Data.ConsentId;
  return { consentId, tokens: await authorizeIntent(tpp, consentId, 'openid accounts', psu, { accountIds: psu.accountIds }) };
}
