import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SIGNING_ALGS, type SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';
import {
  AUTH_METHODS,
  FAPI_PROFILE_NAMES,
  type OnboardedClient,
  type OnboardedTeachingClient,
  type OnboardedTeachingClientJson,
  type OnboardedTpp,
  type ProfileChoices,
  REQUEST_OBJECTS,
  RESPONSE_STYLES,
  SENDER_CONSTRAINTS,
  TEACHING_AUTH_METHODS,
} from './onboarded-tpp';

/** The files of an onboarded folder (docs/architecture.md "Onboarded TPP folder"). */
export const OnboardedFiles = {
  client: 'client.json',
  transportCert: 'transport.pem',
  transportKey: 'transport.key',
  /** The private signing key and the registered public JWKS: every TPP's, a teaching client's with private_key_jwt only. */
  signingJwk: 'signing.jwk.json',
  publicJwks: 'jwks.json',
  ca: 'ca.pem',
  /** A DPoP-bound TPP's private DPoP key (RFC 9449), never registered: each token is bound to its thumbprint. */
  dpopJwk: 'dpop.jwk.json',
} as const;

/** A file of an onboarded folder is missing or unusable; the message names it. */
export class OnboardedFolderProblem extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}. Onboard the TPP with \`npm run onboard\`.`);
    this.name = 'OnboardedFolderProblem';
  }
}

export interface OnboardedFolderContents {
  client: OnboardedClient | OnboardedTeachingClientJson;
  transport: OnboardedTpp['transport'];
  signingJwk?: JWK;
  publicJwks?: { keys: JWK[] };
  dpopJwk?: JWK;
}

type FolderFile = [name: string, content: string, mode: number];

const SECRET_MODE = 0o600;
const PUBLIC_MODE = 0o644;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Refuses to onboard into a folder that already holds something: it would overwrite another TPP's keys. */
export function assertFolderAvailable(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} already exists and is not empty; choose another output folder or remove it`);
  }
}

/** Writes the folder beside its final place and renames it there, so a failure leaves no half-written folder. */
export function writeOnboardedFolder(dir: string, contents: OnboardedFolderContents): void {
  const parent = path.dirname(path.resolve(dir));
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(path.join(parent, `.${path.basename(dir)}-`));
  try {
    const files: FolderFile[] = [
      [OnboardedFiles.client, json(contents.client), PUBLIC_MODE],
      [OnboardedFiles.transportCert, contents.transport.certPem, PUBLIC_MODE],
      [OnboardedFiles.transportKey, contents.transport.keyPem, SECRET_MODE],
      ...(contents.signingJwk ? [[OnboardedFiles.signingJwk, json(contents.signingJwk), SECRET_MODE] satisfies FolderFile] : []),
      ...(contents.publicJwks ? [[OnboardedFiles.publicJwks, json(contents.publicJwks), PUBLIC_MODE] satisfies FolderFile] : []),
      [OnboardedFiles.ca, contents.transport.caPem, PUBLIC_MODE],
      ...(contents.dpopJwk ? [[OnboardedFiles.dpopJwk, json(contents.dpopJwk), SECRET_MODE] satisfies FolderFile] : []),
    ];
    for (const [name, content, mode] of files) writeFileSync(path.join(staging, name), content, { mode });
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function readIn(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new OnboardedFolderProblem(file, 'missing');
  return readFileSync(file, 'utf8');
}

function readJson<T>(dir: string, name: string): T {
  const text = readIn(dir, name);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new OnboardedFolderProblem(path.join(dir, name), 'not valid JSON');
  }
}

/**
 * `client.json` with the choices of folders onboarded before profiles existed: FAPI 1.0 Advanced, mTLS-bound,
 * signed request objects (what every client was then).
 */
function withProfileDefaults(client: Record<string, unknown>): Record<string, unknown> {
  if (client.profile !== undefined) return client;
  return { ...client, profile: 'fapi1-advanced', senderConstraint: 'mtls', requestObject: 'signed' };
}

/** The first of these `client.json` fields that is missing or empty. */
function missingField(client: Record<string, unknown>, strings: readonly string[]): string | undefined {
  const missing = strings.find((field) => typeof client[field] !== 'string' || !client[field]);
  if (missing) return missing;
  if (!Array.isArray(client.redirectUris) || client.redirectUris.length === 0) return 'redirectUris';
  return undefined;
}

const CLIENT_IDENTITY_FIELDS = ['clientId', 'clientName', 'issuer', 'bankUrl'];

/** The first field of `client.json` that is missing or not one of its allowed values (for its profile). */
function invalidClientField(client: Record<string, unknown>): string | undefined {
  const missing = missingField(client, [...CLIENT_IDENTITY_FIELDS, 'signingKid']);
  if (missing) return missing;
  const fapi1 = client.profile === 'fapi1-advanced';
  const allowed: Array<[string, readonly unknown[]]> = [
    ['profile', FAPI_PROFILE_NAMES],
    ['authMethod', AUTH_METHODS],
    ['responseStyle', fapi1 ? RESPONSE_STYLES : [undefined]],
    ['senderConstraint', fapi1 ? ['mtls'] : SENDER_CONSTRAINTS],
    ['requestObject', fapi1 ? ['signed'] : REQUEST_OBJECTS],
    ['signingAlg', SIGNING_ALGS],
  ];
  return allowed.find(([field, values]) => !values.includes(client[field]))?.[0];
}

function privateSigningKey(file: string, jwk: JWK, signingKid: string): KeyObject {
  if (jwk.kid !== signingKid) throw new OnboardedFolderProblem(file, `kid is not client.json's signingKid ${signingKid}`);
  return privateKeyOf(file, jwk);
}

function privateKeyOf(file: string, jwk: JWK): KeyObject {
  try {
    const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if (key.type !== 'private') throw new Error('public');
    return key;
  } catch {
    throw new OnboardedFolderProblem(file, 'not a private JWK');
  }
}

/** Reads an onboarded folder back; a missing or unusable file is named in the error. */
export function loadOnboardedTpp(dir: string): OnboardedTpp {
  const stored = withProfileDefaults(readJson<Record<string, unknown>>(dir, OnboardedFiles.client));
  if (stored.profile === 'teaching') {
    throw new OnboardedFolderProblem(
      path.join(dir, OnboardedFiles.client),
      'a teaching client, not a TPP: the bank only trusts FAPI-profile clients (read it with loadOnboardedTeachingClient)',
    );
  }
  const invalid = invalidClientField(stored);
  if (invalid) throw new OnboardedFolderProblem(path.join(dir, OnboardedFiles.client), `missing or invalid ${invalid}`);
  const client = stored as OnboardedClient;
  const signingJwk = readJson<JWK>(dir, OnboardedFiles.signingJwk);
  return {
    clientId: client.clientId,
    clientName: client.clientName,
    issuer: client.issuer,
    bankUrl: client.bankUrl,
    redirectUris: client.redirectUris,
    authMethod: client.authMethod,
    ...profileChoicesOf(client),
    signingAlg: client.signingAlg,
    signingKid: client.signingKid,
    transport: {
      certPem: readIn(dir, OnboardedFiles.transportCert),
      keyPem: readIn(dir, OnboardedFiles.transportKey),
      caPem: readIn(dir, OnboardedFiles.ca),
    },
    signingKey: privateSigningKey(path.join(dir, OnboardedFiles.signingJwk), signingJwk, client.signingKid),
    publicJwks: readJson<{ keys: JWK[] }>(dir, OnboardedFiles.publicJwks),
    ...(client.senderConstraint === 'dpop' && {
      dpopKey: privateKeyOf(path.join(dir, OnboardedFiles.dpopJwk), readJson<JWK>(dir, OnboardedFiles.dpopJwk)),
    }),
  };
}

/** The profile's choices alone (`responseStyle` only where the profile has one). */
function profileChoicesOf(client: OnboardedClient): ProfileChoices {
  const { senderConstraint, requestObject } = client;
  return client.profile === 'fapi1-advanced'
    ? { profile: client.profile, responseStyle: client.responseStyle, senderConstraint: 'mtls', requestObject: 'signed' }
    : { profile: client.profile, senderConstraint, requestObject };
}

/** The first field of a teaching client's `client.json` that is missing or not allowed (a signing key for private_key_jwt only). */
function invalidTeachingField(client: Record<string, unknown>): string | undefined {
  const signs = client.authMethod === 'private_key_jwt';
  const missing = missingField(client, [...CLIENT_IDENTITY_FIELDS, ...(signs ? ['signingKid'] : [])]);
  if (missing) return missing;
  const allowed: Array<[string, readonly unknown[]]> = [
    ['profile', ['teaching']],
    ['authMethod', TEACHING_AUTH_METHODS],
    ['signingAlg', signs ? SIGNING_ALGS : [undefined]],
  ];
  return allowed.find(([field, values]) => !values.includes(client[field]))?.[0];
}

/** Reads a teaching client's folder back (`npm run onboard -- --profile teaching`); a missing or unusable file is named. */
export function loadOnboardedTeachingClient(dir: string): OnboardedTeachingClient {
  const stored = readJson<Record<string, unknown>>(dir, OnboardedFiles.client);
  const invalid = invalidTeachingField(stored);
  if (invalid) throw new OnboardedFolderProblem(path.join(dir, OnboardedFiles.client), `missing or invalid ${invalid} for a teaching client`);
  const client = stored as OnboardedTeachingClientJson;
  const identity = {
    clientId: client.clientId,
    clientName: client.clientName,
    issuer: client.issuer,
    bankUrl: client.bankUrl,
    redirectUris: client.redirectUris,
    profile: client.profile,
    authMethod: client.authMethod,
    transport: {
      certPem: readIn(dir, OnboardedFiles.transportCert),
      keyPem: readIn(dir, OnboardedFiles.transportKey),
      caPem: readIn(dir, OnboardedFiles.ca),
    },
  };
  if (client.signingKid === undefined) return identity;
  const signingJwk = readJson<JWK>(dir, OnboardedFiles.signingJwk);
  return {
    ...identity,
    signingAlg: client.signingAlg,
    signingKid: client.signingKid,
    signingKey: privateSigningKey(path.join(dir, OnboardedFiles.signingJwk), signingJwk, client.signingKid),
    publicJwks: readJson<{ keys: JWK[] }>(dir, OnboardedFiles.publicJwks),
  };
}
