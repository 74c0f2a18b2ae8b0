import { randomUUID } from 'node:crypto';
import type { SigningKey } from '@fapi/testing';
import { type AsConnection, type HttpResult, now, sign } from './test-tpp';

/**
 * A client registered with the teaching profile: public (token_endpoint_auth_method none, identified by client_id
 * only) or confidential (private_key_jwt with `key`). Its requests go over a connection without a client certificate,
 * as a native app, a device or a plain web server makes them.
 */
export class TeachingClient {
  constructor(
    readonly issuer: string,
    readonly connection: AsConnection,
    readonly clientId: string,
    readonly clientName: string,
    readonly redirectUri: string,
    readonly key?: SigningKey,
  ) {}

  /** The client-authentication fields of a back-channel request: client_id alone for a public client. */
  async clientAuth(): Promise<Record<string, string>> {
    if (!this.key) return { client_id: this.clientId };
    const assertion = await sign(
      { iss: this.clientId, sub: this.clientId, aud: this.issuer, jti: randomUUID(), iat: now(), exp: now() + 60 },
      this.key,
    );
    return { client_id: this.clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
  }

  async token(fields: Record<string, string | undefined>): Promise<HttpResult> {
    return this.connection.postForm('/token', { ...(await this.clientAuth()), ...fields });
  }

  async deviceAuthorization(fields: Record<string, string | undefined>): Promise<HttpResult> {
    return this.connection.postForm('/device/auth', { ...(await this.clientAuth()), ...fields });
  }

  async par(fields: Record<string, string | undefined>): Promise<HttpResult> {
    return this.connection.postForm('/request', { ...(await this.clientAuth()), ...fields });
  }

  async introspect(token: string): Promise<HttpResult> {
    return this.connection.postForm('/token/introspection', { ...(await this.clientAuth()), token });
  }

  userinfo(accessToken: string): Promise<HttpResult> {
    return this.connection.request('/me', { headers: { authorization: `Bearer ${accessToken}` } });
  }

  authorizationUrl(params: Record<string, string>): string {
    return `${this.issuer}/auth?${new URLSearchParams({ client_id: this.clientId, redirect_uri: this.redirectUri, ...params })}`;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
