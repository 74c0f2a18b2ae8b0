/**
 * SERVICE_INSTANCES: how many instances of itself a service process runs (./instances.ts). Apart, without imports, so
 * that the launcher reads the rule without loading a service.
 */
export const SERVICE_INSTANCES_VARIABLE = 'SERVICE_INSTANCES';
export const MOST_INSTANCES = 64;

/** Whether `count` is a number of instances a service runs: a whole number from 1 to MOST_INSTANCES. */
export const isInstanceCount = (count: number): boolean => Number.isInteger(count) && count >= 1 && count <= MOST_INSTANCES;

/** How many instances SERVICE_INSTANCES asks for (1 when unset); anything but a whole number from 1 to 64 is refused. */
export function serviceInstances(env: NodeJS.ProcessEnv = process.env): number {
  const asked = env[SERVICE_INSTANCES_VARIABLE];
  if (asked === undefined || asked === '') return 1;
  if (!/^\d+$/.test(asked) || !isInstanceCount(Number(asked))) {
    throw new Error(`${SERVICE_INSTANCES_VARIABLE} must be a whole number from 1 to ${MOST_INSTANCES}, not '${asked}'`);
  }
  return Number(asked);
}

/**
 * Which of the sandbox's services keep state a journey needs in a process's memory, in one place. One that keeps none
 * runs as many instances as its load needs (any instance serves any request; PostgreSQL and NATS hold what journeys
 * share); one that keeps some runs once: runService refuses SERVICE_INSTANCES above 1 for it, `npm start --instances`
 * starts it once, and infra/k8s gives it one replica (the manifests' spec). docs/architecture.md "State and instances"
 * says where each piece of state lives. Change an entry when a service's state moves.
 */
export const SERVICE_STATE = {
  'authorization-server': {
    keepsStateInMemory: false,
    why: 'interactions, sessions, grants, replay caches and login throttling are in PostgreSQL; every instance derives the same cookie keys and DPoP nonces from registration.token',
  },
  'bank-api': {
    keepsStateInMemory: false,
    why: 'ledger, payments, idempotency keys and revoked grants are in PostgreSQL; every instance settles from the one durable JetStream consumer',
  },
  'consent-service': {
    keepsStateInMemory: false,
    why: 'every consent and its status are in PostgreSQL; its NATS handlers share one queue group',
  },
  'tpp-client': {
    keepsStateInMemory: false,
    why: 'its browser sessions (with the pending authorization, taken once by whichever instance gets the callback) and its flow inspector’s journeys are in PostgreSQL; its client-credentials tokens are only a cache per instance',
  },
} as const satisfies Record<string, { keepsStateInMemory: boolean; why: string }>;

export type SandboxServiceName = keyof typeof SERVICE_STATE;

/** The services that may run as several instances, in SERVICE_STATE's order. */
export const SCALED_OUT_SERVICES = (Object.keys(SERVICE_STATE) as SandboxServiceName[]).filter((name) => !SERVICE_STATE[name].keepsStateInMemory);

/** The services that keep state in a process's memory, so run once whatever is asked. */
export const RUN_ONCE_SERVICES = (Object.keys(SERVICE_STATE) as SandboxServiceName[]).filter((name) => SERVICE_STATE[name].keepsStateInMemory);

/** How many instances of `service` run when N are asked for: N, or 1 for a service that keeps state in its memory. */
export const instancesOf = (service: SandboxServiceName, asked: number): number => (SERVICE_STATE[service].keepsStateInMemory ? 1 : asked);
