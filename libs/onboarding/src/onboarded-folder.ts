import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SIGNING_ALGS, type SigningAlg } from '@fapi/pki';
import type { JWK } from 'jose';
import { AUTH_METHODS, type OnboardedClient, type OnboardedTpp, RESPONSE_STYLES } from './onboarded-tpp';

/** The files of an onboarded folder (docs/architecture.md "Onboarded TPP folder"). */
export const OnboardedFiles = {
  client: 'client.json',
  transportCert: 'transport.pem',
  transportKey: 'transport.key',
  signingJwk: 'signing.jwk.json',
  publicJwks: 'jwks.json',
  ca: 'ca.pem',
} as const;

/** A file of an onboarded folder is missing or unusable; the message names it. */
export class OnboardedFolderProblem extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}. Onboard the TPP with \`npm run onboard\`.`);
    this.name = 'OnboardedFolderProblem';
  }
}

export interface OnboardedFolderContents {
  client: OnboardedClient;
  transport: OnboardedTpp['transport'];
  signingJwk: JWK;
  publicJwks: { keys: JWK[] };
}

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
    const files: Array<[string, string, number]> = [
      [OnboardedFiles.client, json(contents.client), PUBLIC_MODE],
      [OnboardedFiles.transportCert, contents.transport.certPem, PUBLIC_MODE],
      [OnboardedFiles.transportKey, contents.transport.keyPem, SECRET_MODE],
      [OnboardedFiles.signingJwk, json(contents.signingJwk), SECRET_MODE],
      [OnboardedFiles.publicJwks, json(contents.publicJwks), PUBLIC_MODE],
      [OnboardedFiles.ca, contents.transport.caPem, PUBLIC_MODE],
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

/** The first field of `client.json` that is missing or not one of its allowed values. */
function invalidClientField(client: Partial<OnboardedClient>): string | undefined {
  const strings = ['clientId', 'clientName', 'issuer', 'bankUrl', 'signingKid'] as const;
  const missing = strings.find((field) => typeof client[field] !== 'string' || !client[field]);
  if (missing) return missing;
  if (!Array.isArray(client.redirectUris) || client.redirectUris.length === 0) return 'redirectUris';
  if (!AUTH_METHODS.includes(client.authMethod!)) return 'authMethod';
  if (!RESPONSE_STYLES.includes(client.responseStyle!)) return 'responseStyle';
  if (!SIGNING_ALGS.includes(client.signingAlg as SigningAlg)) return 'signingAlg';
  return undefined;
}

function privateSigningKey(file: string, jwk: JWK, client: OnboardedClient): KeyObject {
  if (jwk.kid !== client.signingKid) throw new OnboardedFolderProblem(file, `kid is not client.json's signingKid ${client.signingKid}`);
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
  const client = readJson<OnboardedClient>(dir, OnboardedFiles.client);
  const invalid = invalidClientField(client);
  if (invalid) throw new OnboardedFolderProblem(path.join(dir, OnboardedFiles.client), `missing or invalid ${invalid}`);
  const signingJwk = readJson<JWK>(dir, OnboardedFiles.signingJwk);
  return {
    clientId: client.clientId,
    clientName: client.clientName,
    issuer: client.issuer,
    bankUrl: client.bankUrl,
    redirectUris: client.redirectUris,
    authMethod: client.authMethod,
    responseStyle: client.responseStyle,
    signingAlg: client.signingAlg,
    signingKid: client.signingKid,
    transport: {
      certPem: readIn(dir, OnboardedFiles.transportCert),
      keyPem: readIn(dir, OnboardedFiles.transportKey),
      caPem: readIn(dir, OnboardedFiles.ca),
    },
    signingKey: privateSigningKey(path.join(dir, OnboardedFiles.signingJwk), signingJwk, client),
    publicJwks: readJson<{ keys: JWK[] }>(dir, OnboardedFiles.publicJwks),
  };
}
