/** Test infrastructure the libs' integration tests share: free ports, polling, a private NATS server, a fresh migrated database. */
export * from './free-port';
export * from './eventually';
export * from './private-nats-server';
export * from './fresh-database';
