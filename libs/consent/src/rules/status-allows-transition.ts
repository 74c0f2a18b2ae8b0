import { type RpcReply, refuse } from '@fapi/nats-contract';
import type { ConsentTransition } from '../engine/consent-kind';

/** OB: a consent changes status only along its kind's transitions, each from the statuses it names. */
export function allowsTransition<Status extends string>(transition: ConsentTransition<Status>, status: Status): boolean {
  return transition.from.includes(status);
}

export const invalidStatus = <T>(transition: ConsentTransition, status: string): RpcReply<T> =>
  refuse('INVALID_STATUS', `cannot ${transition.name} a consent that is ${status} (only from ${transition.from.join(' or ')})`);
