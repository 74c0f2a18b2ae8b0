import { randomBytes } from 'node:crypto';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { startHttpsService } from '@fapi/service-runtime';
import { AuthorizationServerModule, mountAuthorizationServer } from '../authorization-server.module';
import { type AuthorizationServerOptions, DEFAULT_LIFETIMES, type Lifetimes, type SandboxOnlyOptions } from '../authorization-server-options';
import { FakeCollaboratorsState, startFakeCollaborators } from './fake-collaborators';
import { freePort, freshDatabase, type PrivateNatsServer, startPrivateNatsServer } from '@fapi/testing';
import { signingKey, TestPki } from './test-pki';
import { AsConnection, TestTpp } from './test-tpp';

export const BANK_URL = 'https://localhost:8444';
export const REDIRECT_URI = 'https://tpp.example/callback';

export interface TppRegistration {
  authMethod: 'private_key_jwt' | 'tls_client_auth';
  alg: 'PS256' | 'ES256';
  /** 'hybrid' registers response_types ["code id_token"]; 'jarm' registers ["code"] with JARM signing. */
  style: 'hybrid' | 'jarm';
  grantTypes?: string[];
}

/**
 * The authorization server started in-process as the app starts it (startHttpsService with NATS handlers +
 * mountAuthorizationServer),
 * over real HTTPS with a throwaway certs folder, on a database of its own, with fake consent-service and bank
 * responders answering the contract's NATS subjects on a private NATS server.
 */
export class AuthorizationServerHarness {
  readonly pki = new TestPki();
  readonly collaborators = new FakeCollaboratorsState();
  private nats!: PrivateNatsServer;
  private responders?: INestMicroservice;
  app?: INestApplication;
  options!: AuthorizationServerOptions;
  jwks!: JWTVerifyGetKey;
  private readonly savedEnv = { CERTS_DIR: process.env.CERTS_DIR, PORT: process.env.PORT, HOST: process.env.HOST, NATS_URL: process.env.NATS_URL };

  /** `overrides` change the deployed defaults (the sandbox options are on, as in the sandbox). */
  constructor(
    private readonly databaseName: string,
    private readonly overrides: { lifetimes?: Partial<Lifetimes>; sandbox?: Partial<SandboxOnlyOptions> } = {},
  ) {}

  /** The private NATS server the AS and the fake collaborators talk over. */
  get natsUrl(): string {
    return this.nats.url;
  }

  get issuer(): string {
    return this.options.issuer;
  }

  async start(): Promise<this> {
    await this.pki.write();
    this.jwks = createLocalJWKSet(this.pki.publicSigningJwks() as Parameters<typeof createLocalJWKSet>[0]);
    this.nats = await startPrivateNatsServer();
    this.responders = await startFakeCollaborators(this.nats.url, this.collaborators);
    const port = await freePort();
    this.options = {
      issuer: `https://localhost:${port}`,
      bankUrl: BANK_URL,
      certsDir: this.pki.dir,
      natsUrl: this.nats.url,
      databaseUrl: await freshDatabase('authorization', this.databaseName),
      lifetimes: { ...DEFAULT_LIFETIMES, ...this.overrides.lifetimes },
      sweepIntervalMs: 60_000,
      sandbox: { allowHttpsLocalhostRedirectUris: true, ...this.overrides.sandbox },
    };
    Object.assign(process.env, { CERTS_DIR: this.pki.dir, PORT: String(port), HOST: '127.0.0.1', NATS_URL: this.nats.url });
    this.app = await startHttpsService(AuthorizationServerModule.forRoot(this.options), {
      identity: 'authorization-server',
      publicUrl: this.options.issuer,
      bodyParser: false,
      natsHandlers: true,
      configure: mountAuthorizationServer,
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.responders?.close();
    await this.nats?.stop();
    for (const [name, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  /** A connection without a client certificate (a browser, or a caller that has none). */
  anonymous(): AsConnection {
    return new AsConnection(this.issuer, this.pki.caPem);
  }

  /** Registers a TPP through /reg the way onboarding does (docs/architecture.md). */
  async registerTpp(registration: TppRegistration, redirectUri = REDIRECT_URI): Promise<TestTpp> {
    const key = await signingKey(registration.alg);
    const name = `TPP ${randomBytes(4).toString('hex')}`;
    const transport = this.pki.clientCertificate(name);
    const metadata = {
      client_name: name,
      redirect_uris: [redirectUri],
      jwks: { keys: [key.publicJwk] },
      token_endpoint_auth_method: registration.authMethod,
      ...(registration.authMethod === 'private_key_jwt'
        ? { token_endpoint_auth_signing_alg: registration.alg }
        : { tls_client_auth_subject_dn: `CN=${name},O=Test TPP Ltd,C=GB` }),
      grant_types: registration.grantTypes ?? ['authorization_code', 'client_credentials', 'refresh_token'],
      response_types: registration.style === 'hybrid' ? ['code id_token'] : ['code'],
      ...(registration.style === 'jarm' && { authorization_signed_response_alg: registration.alg }),
      request_object_signing_alg: registration.alg,
      id_token_signed_response_alg: registration.alg,
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid accounts payments',
    };
    const connection = this.anonymous();
    const registered = await connection.postJson('/reg', metadata, { authorization: `Bearer ${this.pki.registrationToken}` });
    await connection.close();
    if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${registered.text}`);
    return new TestTpp(this.issuer, this.pki.caPem, String(registered.json.client_id), name, registration.authMethod, key, transport, redirectUri);
  }
}
