/** The services that present a server certificate, named as in docker compose (and as their files in the certs folder). */
export const SERVER_IDENTITIES = ['authorization-server', 'bank-api', 'tpp-client'] as const;
export type ServerIdentity = (typeof SERVER_IDENTITIES)[number];

/** File names inside the certs folder, as docs/architecture.md "Certificates folder" lists them. */
export const SandboxFiles = {
  caCert: 'ca.pem',
  caKey: 'ca.key',
  serverCert: (name: ServerIdentity) => `${name}.pem`,
  serverKey: (name: ServerIdentity) => `${name}.key`,
  asSigningJwks: 'as-signing.jwks.json',
  bankSigningJwks: 'bank-signing.jwks.json',
  registrationToken: 'registration.token',
} as const;

