import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JWK } from 'jose';
import {
  createCaCertificate,
  generateSandboxCertificates,
  generateSigningJwk,
  type IssuedCertificate,
  issueClientCertificate,
  loadSandboxCa,
  loadTlsIdentity,
  publicJwk,
  readAsSigningJwks,
  readRegistrationToken,
  type SandboxCa,
  type ServerIdentity,
  type SigningAlg,
} from '@fapi/pki';

/** A certificate and its private key (PEM), as node:tls takes them (`cert`, `key`) for a client or a server. */
export interface TestCertificate {
  cert: string;
  key: string;
}

/** A signing key pair as a TPP registers it: the private JWK to sign with, the public one to register. */
export interface SigningKey {
  alg: SigningAlg;
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A TPP's signing key as the sandbox makes them (`kid` = RFC 7638 thumbprint, `use: sig`). */
export async function signingKey(alg: SigningAlg): Promise<SigningKey> {
  const privateJwk = await generateSigningJwk(alg);
  return { alg, kid: privateJwk.kid as string, privateJwk, publicJwk: publicJwk(privateJwk) };
}

const asTestCertificate = ({ certPem, keyPem }: IssuedCertificate): TestCertificate => ({ cert: certPem, key: keyPem });

/** Transport certificates issued in a test live a day: longer than any test run. */
const CLIENT_CERTIFICATE_DAYS = 1;

/**
 * A throwaway sandbox PKI for one test file, made by the production code: `certsDir` is what `npm run certs` writes
 * (ca.pem/ca.key, <service>.pem/.key for every server identity, as-signing.jwks.json, bank-signing.jwks.json,
 * registration.token), so services under test start from it as they do in the sandbox. It also issues TPP transport
 * certificates from the sandbox CA, and from another sandbox's CA (same name, other key) that no server may trust.
 */
export class TestPki {
  private foreignCa?: SandboxCa;

  private constructor(
    readonly certsDir: string,
    private readonly ca: SandboxCa,
  ) {}

  static async create(): Promise<TestPki> {
    const certsDir = mkdtempSync(path.join(tmpdir(), 'fapi-test-certs-'));
    await generateSandboxCertificates({ outDir: certsDir });
    return new TestPki(certsDir, loadSandboxCa(certsDir));
  }

  /** The sandbox CA certificate every server and TPP trusts. */
  get caPem(): string {
    return this.ca.certPem;
  }

  /** The initial access token `POST /reg` requires. */
  get registrationToken(): string {
    return readRegistrationToken(this.certsDir);
  }

  /** A service's TLS identity from the folder (server and client use, named localhost, 127.0.0.1 and the service). */
  server(identity: ServerIdentity): TestCertificate {
    const { cert, key } = loadTlsIdentity(this.certsDir, identity);
    return { cert, key };
  }

  /** A TPP transport certificate from the sandbox CA: subject DN "CN=<commonName>,O=<organization>,C=GB". */
  clientCertificate(commonName: string, organization = 'Test TPP Ltd'): TestCertificate {
    return asTestCertificate(issueClientCertificate(this.ca, { commonName, organization, validityDays: CLIENT_CERTIFICATE_DAYS }));
  }

  /** The same kind of certificate from a CA the servers do not trust: another sandbox's, made on first use. */
  foreignCertificate(commonName: string, organization = 'Test TPP Ltd'): TestCertificate {
    if (!this.foreignCa) {
      const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      this.foreignCa = { certPem: createCaCertificate(keyPem), keyPem };
    }
    return asTestCertificate(issueClientCertificate(this.foreignCa, { commonName, organization, validityDays: CLIENT_CERTIFICATE_DAYS }));
  }

  /** The authorization server's public signing keys (what its /jwks serves). */
  publicSigningJwks(): { keys: JWK[] } {
    return { keys: readAsSigningJwks(this.certsDir).keys.map(publicJwk) };
  }

  /** Deletes the folder (its private keys with it). */
  remove(): void {
    rmSync(this.certsDir, { recursive: true, force: true });
  }
}
