/**
 * Which of the sandbox's long-running processes keep state in their own memory, in one place: a service that keeps
 * none may run as many instances as its load needs (any instance serves any request, PostgreSQL and NATS hold what
 * journeys share); a service that keeps some runs one instance. infra/k8s's replicas follow it (kubernetes-manifests
 * spec), and README "Running on Kubernetes" explains it. Change an entry when a service's state moves.
 */
export const SERVICE_STATE = {
  'authorization-server': {
    keepsStateInMemory: false,
    why: "interactions, sessions, grants, replay caches and login throttling are in PostgreSQL; every instance derives the same cookie keys and DPoP nonces from registration.token",
  },
  'bank-api': {
    keepsStateInMemory: false,
    why: 'ledger, payments, idempotency keys and revoked grants are in PostgreSQL; every instance settles from the one durable JetStream consumer',
  },
  'consent-service': {
    keepsStateInMemory: false,
    why: 'every consent and its status are in PostgreSQL',
  },
  'tpp-client': {
    keepsStateInMemory: true,
    why: "the sample fintech's sessions (authorization in progress, tokens) are in the process (libs/tpp/src/session-store.ts)",
  },
} as const satisfies Record<string, { keepsStateInMemory: boolean; why: string }>;

export type SandboxServiceName = keyof typeof SERVICE_STATE;
