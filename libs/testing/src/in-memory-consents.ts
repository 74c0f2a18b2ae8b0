import { randomUUID } from 'node:crypto';
import type { ConsentBase } from '@fapi/nats-contract';

/** Set when a consent is made: its id, AWAU, and now. */
type Made = 'consentId' | 'status' | 'creationDateTime' | 'statusUpdateDateTime';

/** A consent to put in: what its kind requires, the rest (id, status AWAU, timestamps, the kind's defaults) optional. */
export type NewConsent<C extends ConsentBase, D extends keyof C = never> = Omit<C, Made | D> & Partial<Pick<C, Made | D>>;

/**
 * One kind's consents as the fake consent-service holds them, in memory. Tests put consents in directly, change them
 * as consent-service would, and make reads of some fail; the fake's answers go through the same methods.
 */
export class InMemoryConsents<C extends ConsentBase, D extends keyof C = never> {
  private readonly byId = new Map<string, C>();
  /** Consent ids whose reads fail with an unexpected refusal (to see a caller answer 500). */
  readonly unreadable = new Set<string>();

  constructor(
    /** The kind's consent id prefix (nats-contract's CONSENT_ID_PREFIXES). */
    private readonly idPrefix: string,
    /** What a new consent of the kind holds unless said otherwise. */
    private readonly defaults: Pick<C, D>,
  ) {}

  /** Puts a consent in: AWAU, made now, with a fresh id of the kind, unless `consent` says otherwise. */
  put(consent: NewConsent<C, D>): C {
    const now = new Date().toISOString();
    const made = {
      consentId: `${this.idPrefix}${randomUUID()}`,
      status: 'AWAU',
      creationDateTime: now,
      statusUpdateDateTime: now,
      ...this.defaults,
      ...consent,
    } as C;
    this.byId.set(made.consentId, made);
    return made;
  }

  get(consentId: string): C | undefined {
    return this.byId.get(consentId);
  }

  /** Changes a consent as consent-service would (a new statusUpdateDateTime with it). */
  change(consentId: string, changes: Partial<C>): C {
    const consent = this.byId.get(consentId);
    if (!consent) throw new Error(`no consent ${consentId}`);
    const changed = { ...consent, ...changes, statusUpdateDateTime: new Date().toISOString() };
    this.byId.set(consentId, changed);
    return changed;
  }
}
