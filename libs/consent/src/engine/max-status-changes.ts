import type { ConsentTransition } from './consent-kind';

/**
 * How many times a consent can change status at most: the longest chain of its kind's transitions (AWAU -> AUTH ->
 * CANC is 2). It bounds how often a transition can lose a race to a concurrent one. Transitions that lead back to a
 * status already passed would let a consent change forever, so they are refused.
 */
export function maxStatusChanges(transitions: readonly ConsentTransition[]): number {
  const longestFrom = (status: string, passed: readonly string[]): number => {
    if (passed.includes(status)) throw new Error(`the transitions lead back to ${status}: a consent could change status forever`);
    const next = transitions.filter((transition) => transition.from.includes(status));
    return Math.max(0, ...next.map((transition) => 1 + longestFrom(transition.to, [...passed, status])));
  };
  return Math.max(0, ...transitions.flatMap((transition) => transition.from).map((status) => longestFrom(status, [])));
}
