import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { Agent } from 'undici';
import { loadOnboardedTeachingClient, type OnboardedTeachingClient } from '@fapi/onboarding';
import { type HttpAnswer, httpCall } from './independent-tpp';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  device_authorization_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
}

/**
 * A classroom app's own code over its onboarded teaching-client folder (`npm run onboard -- --profile teaching`): the
 * AS's discovery document and raw HTTP, so each step of a flow shows. It calls the AS as a device, a native app or a
 * plain web server does, trusting the sandbox CA and presenting no client certificate, except a tls_client_auth client,
 * which authenticates with its transport certificate; a private_key_jwt client signs an assertion with its onboarded key.
 */
export class ClassroomClient {
  readonly onboarded: OnboardedTeachingClient;
  private readonly tls: Agent;
  private discoveryDocument?: Discovery;

  constructor(folder: string) {
    this.onboarded = loadOnboardedTeachingClient(folder);
    const { certPem, keyPem, caPem } = this.onboarded.transport;
    this.tls = new Agent({ connect: this.onboarded.authMethod === 'tls_client_auth' ? { cert: certPem, key: keyPem, ca: caPem } : { ca: caPem } });
  }

  private http<T>(method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer<T>> {
    return httpCall<T>(this.tls, method, url, options);
  }

  get clientId(): string {
    return this.onboarded.clientId;
  }

  get redirectUri(): string {
    return this.onboarded.redirectUris[0];
  }

  async discovery(): Promise<Discovery> {
    this.discoveryDocument ??= (await this.http<Discovery>('GET', `${this.onboarded.issuer}/.well-known/openid-configuration`)).body;
    return this.discoveryDocument;
  }

  /** RFC 6749 2.3: client_id alone for a public or tls_client_auth client, plus an assertion (RFC 7523) for private_key_jwt. */
  async clientAuthentication(): Promise<Record<string, string>> {
    const { signingKey, signingAlg, signingKid } = this.onboarded;
    if (!signingKey) return { client_id: this.clientId };
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ iss: this.clientId, sub: this.clientId, aud: this.onboarded.issuer, jti: randomUUID(), iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: signingAlg!, kid: signingKid })
      .sign(signingKey);
    return { client_id: this.clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
  }

  private async postForm<T>(url: string, form: Record<string, string>): Promise<HttpAnswer<T>> {
    return this.http<T>('POST', url, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...(await this.clientAuthentication()), ...form }).toString(),
    });
  }

  async token<T = Record<string, unknown>>(form: Record<string, string>): Promise<HttpAnswer<T>> {
    return this.postForm<T>((await this.discovery()).token_endpoint, form);
  }

  async deviceAuthorization<T = Record<string, unknown>>(form: Record<string, string>): Promise<HttpAnswer<T>> {
    return this.postForm<T>((await this.discovery()).device_authorization_endpoint, form);
  }

  async userinfo<T = Record<string, unknown>>(accessToken: string): Promise<HttpAnswer<T>> {
    return this.http<T>('GET', (await this.discovery()).userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
  }

  /** OpenID Connect Core 3.1.3.7: an id_token signed by the AS (its published JWKS), issued by it, for this client. */
  async verifiedIdToken(idToken: string): Promise<JWTPayload> {
    const { issuer, jwks_uri } = await this.discovery();
    const jwks = await this.http<JSONWebKeySet>('GET', jwks_uri);
    return (await jwtVerify(idToken, createLocalJWKSet(jwks.body), { issuer, audience: this.clientId })).payload;
  }

  async authorizationUrl(params: Record<string, string>): Promise<string> {
    return `${(await this.discovery()).authorization_endpoint}?${new URLSearchParams({ client_id: this.clientId, redirect_uri: this.redirectUri, ...params })}`;
  }

  /**
   * What a student tries next: the bank's accounts with this client's access token, over its transport certificate
   * from the sandbox CA (so only the token is in question).
   */
  async readAccountsAtTheBank(accessToken: string): Promise<HttpAnswer> {
    const { certPem, keyPem, caPem } = this.onboarded.transport;
    const mtls = new Agent({ connect: { cert: certPem, key: keyPem, ca: caPem } });
    try {
      return await httpCall(mtls, 'GET', `${this.onboarded.bankUrl}/open-banking/v4.0/aisp/accounts`, {
        headers: { authorization: `Bearer ${accessToken}`, 'x-fapi-interaction-id': randomUUID(), accept: 'application/json' },
      });
    } finally {
      await mtls.close();
    }
  }

  async close(): Promise<void> {
    await this.tls.close();
  }
}
