import type { ReplyOf, RequestOf, RequestSubject } from '@fapi/nats-contract';
import type { ConsentRequester } from '../consents/intent-kind';

/** Why a login or consent page cannot go on, told to the PSU on an HTML page sent with `status`. */
export class InteractionProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'InteractionProblem';
  }
}

/**
 * The NATS client as the pages use it: a request that gets no reply (NATS away, the bank or consent-service down or
 * too slow) is RFC 9110 §15.6.4 503 Service Unavailable, told on a page; refusals still come back as replies.
 */
export function unavailableAsProblem(nats: ConsentRequester): ConsentRequester {
  return {
    request: <S extends RequestSubject>(subject: S, payload: RequestOf<S>): Promise<ReplyOf<S>> =>
      nats.request(subject, payload).catch(() => {
        throw new InteractionProblem(503, 'Your bank cannot be reached right now. Nothing was changed: try again in a few minutes.');
      }),
  };
}
