import { type RpcReply, ok } from '@fapi/nats-contract';
import { allowsTransition, invalidStatus } from '../rules/status-allows-transition';
import type { ConsentTransition } from './consent-kind';

/** One request for a transition, as the commit loop runs it. */
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
