import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AccountAccessConsent, DomesticPaymentConsent } from '@fapi/nats-contract';
import { startHttpsService } from '@fapi/service-runtime';
import {
  Browser,
  dropDatabase,
  FakeConsentService,
  freePort,
  freshDatabase,
  type PrivateNatsServer,
  type RunningNatsFake,
  type SigningKey,
  signingKey,
  startFakeConsentService,
  startPrivateNatsServer,
  TEST_SANDBOX_ID,
  TestPki,
} from '@fapi/testing';
import { authorizationServerService } from '../authorization-server.sandbox-service';
import { type AuthorizationServerOptions, DEFAULT_LIFETIMES, type Lifetimes, type SandboxOnlyOptions } from '../authorization-server-options';
import type { LoginThrottleOptions } from '../interactions/login-throttle';
import { accountAccessConsentFor, paymentConsentFor } from './consent-fixtures';
import { type BankCustomers, startFakeBankCustomers } from './fake-bank-customers';
import { DEVICE_CODE_GRANT } from '../rules/teaching-client-metadata';
import { TeachingClient } from './teaching-client';
import { AsConnection, type HttpResult, TestTpp } from './test-tpp';

export const BANK_URL = 'https://localhost:8444';
export const REDIRECT_URI = 'https://tpp.example/callback';

export interface TppRegistration {
  authMethod: 'private_key_jwt' | 'tls_client_auth';
  alg: 'PS256' | 'ES256';
  /** 'hybrid' registers response_types ["code id_token"]; 'jarm' registers ["code"] with JARM signing. (FAPI 1.0 clients) */
  style: 'hybrid' | 'jarm';
  grantTypes?: string[];
}

/** A FAPI 2.0 client as the contract registers it: PAR required, code (plain or JARM), one sender constraint. */
export interface Fapi2Registration {
  authMethod: 'private_key_jwt' | 'tls_client_auth';
  alg: 'PS256' | 'ES256';
  senderConstraint: 'mtls' | 'dpop';
  requestObject: 'signed' | 'unsigned';
}

/** Who a test client is and how it authenticates: its name, redirect URI, keys, and private_key_jwt or its certificate's DN. */
function clientIdentityMetadata(
  registration: { authMethod: TppRegistration['authMethod']; alg: string },
  key: SigningKey,
  name: string,
  redirectUri: string,
): Record<string, unknown> {
  return {
    client_name: name,
    redirect_uris: [redirectUri],
    jwks: { keys: [key.publicJwk] },
    token_endpoint_auth_method: registration.authMethod,
    ...(registration.authMethod === 'private_key_jwt'
      ? { token_endpoint_auth_signing_alg: registration.alg }
      : { tls_client_auth_subject_dn: `CN=${name},O=Test TPP Ltd,C=GB` }),
  };
}

/** The metadata of a FAPI 2.0 client (docs/architecture.md, notes contract); tests break one field of it. */
export function fapi2Metadata(registration: Fapi2Registration, key: SigningKey, name: string, redirectUri = REDIRECT_URI): Record<string, unknown> {
  return {
    client_profile: 'fapi2',
    ...clientIdentityMetadata(registration, key, name, redirectUri),
    grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types: ['code'],
    require_pushed_authorization_requests: true,
    ...(registration.senderConstraint === 'mtls'
      ? { tls_client_certificate_bound_access_tokens: true }
      : { dpop_bound_access_tokens: true, tls_client_certificate_bound_access_tokens: false }),
    ...(registration.requestObject === 'signed'
      ? { require_signed_request_object: true, request_object_signing_alg: registration.alg }
      : { require_signed_request_object: false }),
    authorization_signed_response_alg: registration.alg,
    id_token_signed_response_alg: registration.alg,
    scope: 'openid accounts payments',
  };
}

/**
 * The authorization server started in-process as the app starts it (authorizationServerService, with the test's
 * options), over real HTTPS with a throwaway certs folder, on a database of its own, with fake consent-service and bank
 * responders answering the contract's NATS subjects on a private NATS server.
 */
export class AuthorizationServerHarness {
  pki!: TestPki;
  /** consent-service as the AS meets it: tests put consents in and read what the AS asked for. */
  readonly consentService = new FakeConsentService();
  private nats!: PrivateNatsServer;
  private readonly responders: RunningNatsFake<unknown>[] = [];
  private bankCustomers!: RunningNatsFake<BankCustomers>;
  app?: INestApplication;
  options!: AuthorizationServerOptions;
  jwks!: JWTVerifyGetKey;
  private readonly savedEnv = { CERTS_DIR: process.env.CERTS_DIR, PORT: process.env.PORT, HOST: process.env.HOST, NATS_URL: process.env.NATS_URL, SANDBOX_ID: process.env.SANDBOX_ID };

  /** `overrides` change the deployed defaults (the sandbox options are on, as in the sandbox). */
  constructor(
    private readonly databaseName: string,
    private readonly overrides: { lifetimes?: Partial<Lifetimes>; sandbox?: Partial<SandboxOnlyOptions>; loginThrottle?: LoginThrottleOptions } = {},
  ) {}

  /** The private NATS server (with JetStream, for the grant revocations stream) the AS and the fake collaborators talk over. */
  get natsUrl(): string {
    return this.nats.url;
  }

  get issuer(): string {
    return this.options.issuer;
  }

  /** How often the AS asked the (fake) bank for its test customers. */
  get testCustomersAsked(): number {
    return this.bankCustomers.state.testCustomersAsked;
  }

  async start(): Promise<this> {
    this.pki = await TestPki.create();
    this.jwks = createLocalJWKSet(this.pki.publicSigningJwks() as Parameters<typeof createLocalJWKSet>[0]);
    this.nats = await startPrivateNatsServer({ jetstream: true });
    this.bankCustomers = await startFakeBankCustomers(this.nats.url);
    this.responders.push(await startFakeConsentService(this.nats.url, this.consentService), this.bankCustomers);
    const port = await freePort();
    this.options = {
      issuer: `https://localhost:${port}`,
      bankUrl: BANK_URL,
      certsDir: this.pki.certsDir,
      natsUrl: this.nats.url,
      sandboxId: TEST_SANDBOX_ID,
      databaseUrl: await freshDatabase('authorization', this.databaseName),
      lifetimes: { ...DEFAULT_LIFETIMES, ...this.overrides.lifetimes },
      sweepIntervalMs: 60_000,
      loginThrottle: this.overrides.loginThrottle,
      sandbox: { allowHttpsLocalhostRedirectUris: true, allowHttpsLoopbackJwksUris: true, ...this.overrides.sandbox },
    };
    Object.assign(process.env, { CERTS_DIR: this.pki.certsDir, PORT: String(port), HOST: '127.0.0.1', NATS_URL: this.nats.url, SANDBOX_ID: TEST_SANDBOX_ID });
    const { module, https } = authorizationServerService(this.options);
    this.app = await startHttpsService(module, https);
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    for (const responder of this.responders) await responder.stop();
    await this.nats?.stop();
    if (this.options?.databaseUrl) await dropDatabase(this.options.databaseUrl);
    this.pki?.remove();
    for (const [name, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  /** NATS goes away (a fault story): the AS's requests to consent-service and the bank get no reply from then on. */
  stopNats(): Promise<void> {
    return this.nats.stop();
  }

  /** A PSU's browser: it follows the AS's redirects and stops at the first one that leaves the AS (back to a TPP). */
  browser(): Browser {
    return new Browser(this.pki.caPem).stayWithin(this.issuer);
  }

  /** Puts an account-access consent of `clientId` awaiting authorisation into the fake consent-service. */
  createConsent(clientId: string, overrides: Partial<AccountAccessConsent> = {}): AccountAccessConsent {
    return this.consentService.accountAccess.put(accountAccessConsentFor(clientId, overrides));
  }

  /** Puts a payment consent of `clientId` into the fake consent-service (see paymentConsentFor). */
  createPaymentConsent(clientId: string, options: Parameters<typeof paymentConsentFor>[1] = {}): DomesticPaymentConsent {
    return this.consentService.domesticPayment.put(paymentConsentFor(clientId, options));
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
      ...clientIdentityMetadata(registration, key, name, redirectUri),
      grant_types: registration.grantTypes ?? ['authorization_code', 'client_credentials', 'refresh_token'],
      response_types: registration.style === 'hybrid' ? ['code id_token'] : ['code'],
      ...(registration.style === 'jarm' && { authorization_signed_response_alg: registration.alg }),
      request_object_signing_alg: registration.alg,
      id_token_signed_response_alg: registration.alg,
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid accounts payments',
    };
    const clientId = await this.registeredClientId(metadata);
    return new TestTpp(this.issuer, this.pki.caPem, clientId, name, registration.authMethod, key, transport, redirectUri);
  }

  /** Registers a FAPI 2.0 TPP through /reg (a DPoP one gets an ES256 DPoP key of its own). */
  async registerFapi2Tpp(registration: Fapi2Registration, redirectUri = REDIRECT_URI): Promise<TestTpp> {
    const key = await signingKey(registration.alg);
    const name = `TPP ${randomBytes(4).toString('hex')}`;
    const transport = this.pki.clientCertificate(name);
    const clientId = await this.registeredClientId(fapi2Metadata(registration, key, name, redirectUri));
    const dpopKey = registration.senderConstraint === 'dpop' ? await signingKey('ES256') : undefined;
    return new TestTpp(this.issuer, this.pki.caPem, clientId, name, registration.authMethod, key, transport, redirectUri, { dpopKey });
  }

  /** Registers `metadata` and answers the client_id; a refused registration fails the test with the AS's answer. */
  private async registeredClientId(metadata: Record<string, unknown>): Promise<string> {
    const registered = await this.register(metadata);
    if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${registered.text}`);
    return String(registered.json.client_id);
  }

  /** POSTs client metadata to /reg with the registration token, as onboarding does. */
  async register(metadata: Record<string, unknown>): Promise<HttpResult> {
    const connection = this.anonymous();
    try {
      return await connection.postJson('/reg', metadata, { authorization: `Bearer ${this.pki.registrationToken}` });
    } finally {
      await connection.close();
    }
  }

  /**
   * Registers a teaching client (client_profile teaching): public (`none`: authorization code with PKCE and the device
   * grant) or confidential (private_key_jwt: client credentials too). `overrides` change the metadata.
   */
  async registerTeachingClient(kind: 'public' | 'confidential', overrides: Record<string, unknown> = {}): Promise<TeachingClient> {
    const name = `Teaching ${kind} ${randomBytes(4).toString('hex')}`;
    const key = kind === 'confidential' ? await signingKey('PS256') : undefined;
    const clientId = await this.registeredClientId({
      client_profile: 'teaching',
      client_name: name,
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
      ...(key
        ? {
            token_endpoint_auth_method: 'private_key_jwt',
            token_endpoint_auth_signing_alg: 'PS256',
            jwks: { keys: [key.publicJwk] },
            grant_types: ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_CODE_GRANT],
          }
        : { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT] }),
      ...overrides,
    });
    return new TeachingClient(this.issuer, this.anonymous(), clientId, name, REDIRECT_URI, key);
  }
}
