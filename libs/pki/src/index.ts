/** The sandbox PKI: CA, TLS and transport certificates, signing keys, thumbprints, and loading them at startup. */
export * from './tls-identity';
export * from './certificate-facts';
export { type ConnectionCertificate, connectionCertificate } from './connection-certificate';
export { generateSandboxCertificates, type GenerationOptions, type GenerationReport, type GeneratedFile, type FileOutcome } from './generate-sandbox-certificates';
export { loadSandboxCa } from './sandbox-ca';
export {
  createCaCertificate,
  issueClientCertificate,
  issueServerCertificate,
  type SandboxCa,
  type IssuedCertificate,
  type ClientCertificateRequest,
} from './issue-certificate';
export { SERVER_IDENTITIES, SandboxFiles, type ServerIdentity } from './sandbox-files';
export { generateSigningJwk, publicJwk, readAsSigningJwks, readBankSigningJwks, SIGNING_ALGS, type SigningAlg } from './signing-keys';
export { readRegistrationToken } from './registration-token';
export type { PublicHosts } from './public-hosts';
export { parseCertsArguments } from './cli/certs-arguments';
