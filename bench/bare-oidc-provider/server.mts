/**
 * The baseline of the `token-grants` benchmark: a bare oidc-provider (the version our authorization server runs on) with
 * only what the measured grant needs and nothing of ours: its own in-memory adapter, static clients, the client
 * credentials grant, mTLS (tls_client_auth and certificate-bound tokens) and private_key_jwt, JWT access tokens for one
 * resource signed with the alg asked for, over HTTPS with the same TLS settings (FAPI_TLS_OPTIONS) and signing keys.
 *
 *   PORT, ISSUER, RESOURCE, CERTS_DIR (ca.pem, authorization-server.pem/.key, as-signing.jwks.json),
 *   ACCESS_TOKEN_SIGNING_ALG (PS256 | ES256), CLIENTS_FILE (a JSON array of client metadata)
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { subjectDn } from '@fapi/pki';
import { FAPI_TLS_OPTIONS } from '@fapi/service-runtime';

const { PORT, ISSUER, RESOURCE, CERTS_DIR, ACCESS_TOKEN_SIGNING_ALG, CLIENTS_FILE } = process.env as Record<string, string>;
const certs = (file: string) => readFileSync(path.join(CERTS_DIR, file), 'utf8');
const peer = (ctx: KoaContextWithOIDC): X509Certificate | undefined => (ctx.socket as TLSSocket).getPeerX509Certificate();

const provider = new Provider(ISSUER, {
  clients: JSON.parse(readFileSync(CLIENTS_FILE, 'utf8')),
  jwks: JSON.parse(certs('as-signing.jwks.json')),
  clientAuthMethods: ['private_key_jwt', 'tls_client_auth'],
  enabledJWA: { clientAuthSigningAlgValues: ['PS256', 'ES256'] },
  scopes: ['openid', 'accounts', 'payments'],
  features: {
    fapi: { enabled: true, profile: '1.0 Final' },
    mTLS: {
      enabled: true,
      certificateBoundAccessTokens: true,
      tlsClientAuth: true,
      getCertificate: (ctx: KoaContextWithOIDC) => peer(ctx)?.toString(),
      certificateAuthorized: (ctx: KoaContextWithOIDC) => (ctx.socket as TLSSocket).authorized === true,
      certificateSubjectMatches: (ctx: KoaContextWithOIDC, property: string, expected: string) => {
        const certificate = peer(ctx);
        return property === 'tls_client_auth_subject_dn' && certificate !== undefined && subjectDn(certificate) === expected;
      },
    },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      getResourceServerInfo: async () => ({ audience: RESOURCE, scope: 'accounts payments', accessTokenFormat: 'jwt', jwt: { sign: { alg: ACCESS_TOKEN_SIGNING_ALG } } }),
    },
    devInteractions: { enabled: false },
  },
  ttl: { ClientCredentials: 600 },
});

createServer(
  {
    cert: certs('authorization-server.pem'),
    key: certs('authorization-server.key'),
    ca: certs('ca.pem'),
    ...FAPI_TLS_OPTIONS,
    requestCert: true,
    rejectUnauthorized: false,
  },
  provider.callback(),
).listen(Number(PORT), '127.0.0.1', () => console.log(JSON.stringify({ msg: `bare oidc-provider listening on ${ISSUER}` })));
