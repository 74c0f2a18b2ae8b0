import { randomUUID } from 'node:crypto';
import { CONSENT_ID_PREFIXES, type ConsentKind, type RpcReply, ok, refuse } from '@fapi/nats-contract';

/*
 * What every consent lifecycle (account access, domestic payment) shares: named transitions, ids, ownership, and
 * how a transition is committed safely when requests for the same consent race each other.
 */

/** A named status change: the statuses it may start from and the one it leads to. */
export interface ConsentTransition<Status extends string = string> {
  name: string;
  from: readonly Status[];
  to: Status;
}

export function allowsTransition<Status extends string>(transition: ConsentTransition<Status>, status: Status): boolean {
  return transition.from.includes(status);
}

export const invalidStatus = <T>(transition: ConsentTransition, status: string): RpcReply<T> =>
  refuse('INVALID_STATUS', `cannot ${transition.name} a consent that is ${status} (only from ${transition.from.join(' or ')})`);

/** OB: Data.ConsentId is at most 128 characters; the kind's prefix + a UUID is 40 and never repeats. */
export function newConsentId(kind: ConsentKind): string {
  return `${CONSENT_ID_PREFIXES[kind]}${randomUUID()}`;
}

/** Only the TPP (OAuth client) that created a consent may see it or act on it. */
export function isOwnedBy(consent: { clientId: string }, clientId: string): boolean {
  return consent.clientId === clientId;
}

/** One request for a transition, as the generic commit loop runs it. */
export interface ConditionalTransition<Consent extends { status: string }> {
  transition: ConsentTransition<Consent['status']>;
  /** Reads the consent as it is now; undefined when there is none. */
  read: () => Promise<Consent | undefined>;
  notFound: () => RpcReply<Consent>;
  /**
   * The operation's own checks against the consent read (who asks, what they ask for), made before its status: a
   * refusal, or a reply that needs no change (an idempotent repeat); undefined goes on to the status check.
   */
  check: (consent: Consent) => RpcReply<Consent> | undefined;
  /** Commits the change only if the consent still has the status it was read with; undefined when it no longer has. */
  commit: (consent: Consent) => Promise<Consent | undefined>;
  /** Announces the committed change (after the commit: an event never tells of a change that did not happen). */
  announce: (changed: Consent, previousStatus: Consent['status']) => Promise<void>;
  /** How many lost races are possible at most: how many times the consent can change status after being read. */
  maxLostRaces: number;
}

/**
 * Reads, checks (the operation's checks, then whether the status allows the transition) and commits one transition.
 * The commit is conditional on the status read, so of two concurrent
 * changes only one commits; the loser reads again and is checked against the status the winner left.
 */
export async function transitionConditionally<Consent extends { status: string }>(
  request: ConditionalTransition<Consent>,
): Promise<RpcReply<Consent>> {
  for (let lostRaces = 0; ; lostRaces++) {
    const consent = await request.read();
    if (!consent) return request.notFound();
    const early = request.check(consent);
    if (early) return early;
    if (!allowsTransition(request.transition, consent.status)) return invalidStatus(request.transition, consent.status);
    const changed = await request.commit(consent);
    if (changed) {
      await request.announce(changed, consent.status);
      return ok(changed);
    }
    if (lostRaces === request.maxLostRaces) {
      throw new Error(`the consent kept changing during ${request.transition.name}`);
    }
  }
}
