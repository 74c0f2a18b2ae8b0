/** The consent lifecycle (account access, later payments): storage, state transitions and its NATS handlers. */
export {};
