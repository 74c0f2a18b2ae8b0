/**
 * Test support shared by the libs' and apps' tests: free ports, polling, a private NATS server, a fresh migrated
 * database, a throwaway sandbox PKI, PKCE pairs, a PSU's browser and a fake consent-service. A lib's own test worlds
 * stay in its `src/testing/`.
 */
export * from './free-port';
export * from './eventually';
export * from './private-nats-server';
export * from './fresh-database';
export * from './test-pki';
export * from './pkce';
export * from './browser';
export * from './nats-fake';
export * from './in-memory-consents';
export * from './fake-consent-service';
