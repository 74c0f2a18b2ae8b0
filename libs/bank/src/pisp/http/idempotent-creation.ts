import { ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { IdempotencyKeyReused, type IdempotencyStore, IdempotentRequestStillRunning } from '../../payments/idempotency-store';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';
import { requestFingerprint } from './request-fingerprint';

/** One idempotent POST: who sent it to which endpoint, under which key, with which (parsed JSON) body. */
export interface IdempotentRequest {
  clientId: string;
  endpoint: string;
  key: string;
  body: unknown;
}

/**
 * Rule (OB "Idempotency"): a POST under an x-idempotency-key the TPP already used (within 24 h) with the same body
 * creates nothing and answers the original 201 body, byte for byte — also when the requests run at the same time;
 * under a key already used with another body it is refused with 400 U006 naming the header: the request may not
 * modify what the key created, and U006 (Header.Invalid) is the code for a header value the bank cannot accept
 * (U029 ResourceAlreadyExists, a 409, would wrongly say the new body's resource exists). A retry that waited the
 * store's longest wait for a first request still running is answered 409 U029 naming the header, as the IETF draft on
 * idempotency keys answers it: the resource under the key is being created, and the same request sent again later gets
 * the first one's answer (a 500 would tell the TPP something went wrong when nothing did).
 */
export class IdempotentCreation {
  constructor(private readonly store: Pick<IdempotencyStore, 'remember'>) {}

  async create<T>({ clientId, endpoint, key, body }: IdempotentRequest, create: () => Promise<T>): Promise<T> {
    try {
      const remembered = await this.store.remember(clientId, endpoint, key, requestFingerprint(body), async () => ({ status: 201, body: await create() }));
      return remembered.body;
    } catch (error) {
      if (error instanceof IdempotencyKeyReused) {
        const received = `${IDEMPOTENCY_KEY_HEADER} was already used for a different request body`;
        throw ObError.of('U006', refusalText(RULES.idempotencyKeySameBody, received), IDEMPOTENCY_KEY_HEADER);
      }
      if (error instanceof IdempotentRequestStillRunning) {
        const received = `the first request under this ${IDEMPOTENCY_KEY_HEADER} is still being processed`;
        throw ObError.of('U029', refusalText(RULES.idempotencyKeyOneAtATime, received), IDEMPOTENCY_KEY_HEADER);
      }
      throw error;
    }
  }
}
