/** How a sandbox service starts: its environment, its TLS identity and its NATS connection. */
export * from './sandbox-config';
export * from './start-service';
