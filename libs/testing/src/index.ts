/**
 * Test support shared by the libs' and apps' tests: free ports, polling, teardown that always finishes, a private
 * NATS server, a fresh migrated database (and its connections terminated, as a failover would), a throwaway sandbox
 * PKI, PKCE pairs, a PSU's browser (reaching any instance of a service behind its public URL) and a fake consent-service. A lib's own test worlds stay in its `src/testing/`.
 */
export * from './free-port';
export * from './environment';
export * from './eventually';
export * from './teardown';
export * from './private-nats-server';
export * from './private-nats-cluster';
export * from './fresh-database';
export * from './terminate-connections';
export * from './test-pki';
export * from './pkce';
export * from './browser';
export * from './instance-dialing';
export * from './tls-handshake';
export * from './nats-fake';
export * from './in-memory-consents';
export * from './fake-consent-service';
