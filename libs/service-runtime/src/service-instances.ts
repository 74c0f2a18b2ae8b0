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
