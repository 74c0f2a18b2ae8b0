import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { headers, type MsgHdrs } from '@nats-io/transport-node';

/**
 * FAPI 1.0 Baseline 6.2.1-11 / 6.2.2-5: the id that correlates one interaction of a client with the server's logs.
 * The sandbox carries it further: in NATS message headers too, so that one journey can be followed through every
 * service's log lines.
 */
export const INTERACTION_ID_HEADER = 'x-fapi-interaction-id';

/** RFC 4122 UUID, any version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Rule: the interaction id a caller sent, when it is a UUID; otherwise a fresh one (never an arbitrary string in our logs). */
export function interactionIdFrom(sent: unknown): string {
  return typeof sent === 'string' && UUID.test(sent) ? sent : randomUUID();
}

/** The interaction the current work belongs to (an HTTP request, a NATS message). */
export interface Interaction {
  interactionId: string;
}

const current = new AsyncLocalStorage<Interaction>();

/** Runs `work` (and everything it starts) as part of `interaction`: its log lines and NATS messages carry its id. */
export function runInInteraction<T>(interaction: Interaction, work: () => T): T {
  return current.run(interaction, work);
}

/** Runs `work` outside any interaction (what it starts belongs to none), e.g. a connection opened on first use. */
export function outsideInteraction<T>(work: () => T): T {
  return current.exit(work);
}

/** The interaction of the current work, if any (none at start-up or in timers of their own). */
export function currentInteraction(): Interaction | undefined {
  return current.getStore();
}

/** NATS message headers carrying the current interaction's id (none outside an interaction). */
export function interactionHeaders(): MsgHdrs | undefined {
  const interaction = current.getStore();
  if (!interaction) return undefined;
  const messageHeaders = headers();
  messageHeaders.set(INTERACTION_ID_HEADER, interaction.interactionId);
  return messageHeaders;
}
