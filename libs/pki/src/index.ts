/** The sandbox PKI: CA, TLS and transport certificates, signing keys, thumbprints, and loading them at startup. */
export * from './tls-identity';
export * from './certificate-facts';
