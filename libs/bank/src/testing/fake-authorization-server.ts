import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { x5tS256 } from '@fapi/pki';
import type { TestCertificate } from '@fapi/testing';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TokenOptions {
  /** Claims to add or override (undefined removes a default claim). */
  claims?: Record<string, unknown>;
  alg?: 'PS256' | 'ES256' | 'RS256';
  typ?: string;
  /** Sign with a key that is not in the JWKS. */
  unknownKey?: boolean;
}

/**
 * A stand-in for the authorization server: its `/jwks` over HTTPS (certificate from the test CA) and access tokens
 * shaped as docs/architecture.md describes, signed by its keys (PS256 and ES256; RS256 to test refusals).
 */
export class FakeAuthorizationServer {
  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly keys: Record<'PS256' | 'ES256' | 'RS256', { key: SigningKey; kid: string }>,
    private readonly strangerKey: SigningKey,
  ) {}

  static async start(tls: TestCertificate): Promise<FakeAuthorizationServer> {
    const pairs = { PS256: await generateKeyPair('PS256'), ES256: await generateKeyPair('ES256'), RS256: await generateKeyPair('RS256') };
    const keys = {
      PS256: { key: pairs.PS256.privateKey, kid: 'as-ps256' },
      ES256: { key: pairs.ES256.privateKey, kid: 'as-es256' },
      RS256: { key: pairs.RS256.privateKey, kid: 'as-rs256' },
    };
    const jwks: { keys: JWK[] } = { keys: [] };
    for (const [alg, { publicKey }] of Object.entries(pairs)) {
      jwks.keys.push({ ...(await exportJWK(publicKey)), kid: keys[alg as keyof typeof keys].kid, alg, use: 'sig' });
    }
    const server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
      if (request.url !== '/jwks') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return new FakeAuthorizationServer(server, `https://localhost:${port}`, keys, (await generateKeyPair('PS256')).privateKey);
  }

  /** An access token for `audience`, bound to `certificate`; a client-credentials token unless claims add an intent. */
  async token(audience: string, certificate: TestCertificate, options: TokenOptions = {}): Promise<string> {
    const alg = options.alg ?? 'PS256';
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      sub: 'tpp-a',
      aud: audience,
      client_id: 'tpp-a',
      scope: 'openid accounts',
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      cnf: { 'x5t#S256': x5tS256(certificate.cert) },
      ...options.claims,
    };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid: this.keys[alg].kid, typ: options.typ ?? 'at+jwt' })
      .sign(options.unknownKey ? this.strangerKey : this.keys[alg].key);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
