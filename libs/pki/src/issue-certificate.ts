import { type KeyObject, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import { forgePublicKeyOf, generateRsaKeyPem, parseRsaPrivateKey } from './rsa-key';
import type { ServerIdentity } from './sandbox-files';

/** The sandbox CA as PEM strings: its certificate and its private key. */
export interface SandboxCa {
  certPem: string;
  keyPem: string;
}

/** A certificate and its private key, PEM. */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface ClientCertificateRequest {
  commonName: string;
  organization: string;
  validityDays: number;
  /** Defaults to GB, as in every sandbox name. */
  country?: string;
  now?: Date;
}

const SANDBOX_CA_DAYS = 3650;
const SERVER_CERTIFICATE_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;
/** Validity starts a minute early so a peer whose clock runs slightly behind accepts a fresh certificate. */
const BACKDATE_MS = 60 * 1000;

interface Subject {
  commonName: string;
  organization: string;
  country: string;
}

interface CertificateSpec {
  subject: Subject;
  publicKey: forge.pki.rsa.PublicKey;
  validityDays: number;
  now: Date;
  extensions: object[];
}

interface Issuer {
  name: forge.pki.CertificateField[];
  key: KeyObject;
}

/** Names are UTF8String (RFC 5280 §4.1.2.6); @types/node-forge mistypes the tag as a class. */
const UTF8_STRING = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

const distinguishedName = ({ commonName, organization, country }: Subject): forge.pki.CertificateField[] => [
  { name: 'countryName', value: country },
  { name: 'organizationName', value: organization, valueTagClass: UTF8_STRING },
  { name: 'commonName', value: commonName, valueTagClass: UTF8_STRING },
];

/** A random positive serial whose first byte keeps the DER INTEGER minimally encoded (RFC 5280 §4.1.2.2). */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** RFC 5280 key identifier: SHA-1 of the subject public key, the value both SKI and the issued certificates' AKI carry. */
const keyIdentifier = (publicKey: forge.pki.rsa.PublicKey): string =>
  forge.pki.getPublicKeyFingerprint(publicKey, { type: 'RSAPublicKey' }).getBytes();

/**
 * Signs with sha256WithRSAEncryption the way forge's `cert.sign` does, but with Node's native RSA: forge's JavaScript
 * RSA takes about a second per signature under jest.
 */
function signNatively(cert: forge.pki.Certificate, key: KeyObject): void {
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, key).toString('binary');
}

/** Issues a certificate for `spec`, signed by the issuer's key; the CA is its own issuer. */
function signCertificate(spec: CertificateSpec, issuer: Issuer): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  cert.serialNumber = randomSerialNumber();
  cert.validity.notBefore = new Date(spec.now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(spec.now.getTime() + spec.validityDays * DAY_MS);
  cert.setSubject(distinguishedName(spec.subject));
  cert.setIssuer(issuer.name);
  cert.setExtensions([
    ...spec.extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: keyIdentifier(forgePublicKeyOf(issuer.key)) },
  ]);
  signNatively(cert, issuer.key);
  return forge.pki.certificateToPem(cert);
}

function requireRsaKey(pem: string, what: string): KeyObject {
  const key = parseRsaPrivateKey(pem);
  if (!key) throw new Error(`${what} is not an RSA private key`);
  return key;
}

function caIssuer(ca: SandboxCa): Issuer {
  return { name: forge.pki.certificateFromPem(ca.certPem).subject.attributes, key: requireRsaKey(ca.keyPem, 'the CA key') };
}

const SANDBOX_CA_SUBJECT: Subject = { commonName: 'FAPI Sandbox CA', organization: 'FAPI Sandbox', country: 'GB' };

/** The self-signed sandbox CA certificate (10 years) for the given RSA key: it may only sign certificates. */
export function createCaCertificate(keyPem: string, now: Date = new Date()): string {
  const key = requireRsaKey(keyPem, 'the CA key');
  const extensions = [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ];
  const spec = { subject: SANDBOX_CA_SUBJECT, publicKey: forgePublicKeyOf(key), validityDays: SANDBOX_CA_DAYS, now, extensions };
  return signCertificate(spec, { name: distinguishedName(SANDBOX_CA_SUBJECT), key });
}

/** The names every service certificate carries: this machine, and the service's name in docker compose and Kubernetes. */
export function defaultServerNames(name: ServerIdentity): string[] {
  return ['localhost', name];
}

/**
 * A service's certificate for the given key. Server and client use (the AS and the bank also call others with it),
 * named `localhost`, its compose and Kubernetes service name, then `publicHosts` (the hosts of its public URL, e.g. the
 * production overlay's ISSUER), 127.0.0.1 and ::1.
 */
export function issueServerCertificate(
  ca: SandboxCa,
  name: ServerIdentity,
  keyPem: string,
  now: Date = new Date(),
  publicHosts: readonly string[] = [],
): string {
  const dnsNames = [...new Set([...defaultServerNames(name), ...publicHosts])];
  const extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...dnsNames.map((value) => ({ type: 2, value })), { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }],
    },
  ];
  const subject = { commonName: name, organization: 'FAPI Sandbox', country: 'GB' };
  const publicKey = forgePublicKeyOf(requireRsaKey(keyPem, `the ${name} key`));
  return signCertificate({ subject, publicKey, validityDays: SERVER_CERTIFICATE_DAYS, now, extensions }, caIssuer(ca));
}

/** A TLS client certificate (e.g. a TPP's transport certificate) with a fresh RSA 2048 key, issued by the sandbox CA. */
export function issueClientCertificate(ca: SandboxCa, request: ClientCertificateRequest): IssuedCertificate {
  const keyPem = generateRsaKeyPem();
  const extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ];
  const subject = { commonName: request.commonName, organization: request.organization, country: request.country ?? 'GB' };
  const spec = {
    subject,
    publicKey: forgePublicKeyOf(requireRsaKey(keyPem, 'the new key')),
    validityDays: request.validityDays,
    now: request.now ?? new Date(),
    extensions,
  };
  return { certPem: signCertificate(spec, caIssuer(ca)), keyPem };
}
