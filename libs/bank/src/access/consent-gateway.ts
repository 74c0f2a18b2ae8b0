import type { NatsContractClient, RpcError, RpcReply } from '@fapi/nats-contract';
import { ObError } from '@fapi/open-banking';
import { BANK_ACCESS_RULES, refusalText } from '@fapi/refusal-catalogue';

/**
 * How a refusal of consent-service reaches a TPP on the consent endpoints (of any kind of consent, named by `kind`):
 * as OB 400s that reveal no other client's consent.
 */
function consentEndpointError(error: RpcError, kind: string, consentId?: string): ObError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
      return ObError.of('U011', refusalText(BANK_ACCESS_RULES.resourceKnown, `there is no ${`${kind} ${consentId ?? ''}`.trim()}`), 'ConsentId');
    case 'INVALID_STATUS':
      return ObError.of('U009', error.message);
    case 'INVALID':
      return ObError.of('U002', error.message);
  }
}

/** The value of consent-service's reply, or the OB refusal its error becomes on a consent endpoint. */
function consentReplyValue<T>(reply: RpcReply<T>, kind: string, consentId?: string): T {
  if (!reply.ok) throw consentEndpointError(reply.error, kind, consentId);
  return reply.value;
}

/** The consent a reply names, undefined when consent-service does not know it; any other refusal is unexpected. */
function currentConsentOf<T>(reply: RpcReply<T>, consentId: string): T | undefined {
  if (reply.ok) return reply.value;
  if (reply.error.code === 'NOT_FOUND') return undefined;
  throw new Error(`consent-service refused to read consent ${consentId}: ${reply.error.code} ${reply.error.message}`);
}

/** One kind of consent at consent-service: how refusals name it, and its create and get requests over NATS. */
export interface ConsentKind<Consent, Create> {
  label: string;
  create(nats: NatsContractClient, request: Create): Promise<RpcReply<Consent>>;
  /** With clientId, a consent of another client is NOT_FOUND. */
  get(nats: NatsContractClient, query: { consentId: string; clientId?: string }): Promise<RpcReply<Consent>>;
}

/**
 * The bank's side of consent-service (NATS) for one kind of consent, which lives there, not in the bank. Each API's
 * gateway adds the status change it asks for (revoking, consuming).
 */
export class ConsentGateway<Consent, Create> {
  constructor(
    protected readonly nats: NatsContractClient,
    private readonly kind: ConsentKind<Consent, Create>,
  ) {}

  async create(request: Create): Promise<Consent> {
    return this.valueOf(await this.kind.create(this.nats, request));
  }

  /** A consent of this client; another client's consent is not found (400 U011), like an unknown one. */
  async getOwn(consentId: string, clientId: string): Promise<Consent> {
    return this.valueOf(await this.kind.get(this.nats, { consentId, clientId }), consentId);
  }

  /** The consent a PSU-authorised token was issued for, as consent-service has it now, or undefined. */
  async current(consentId: string): Promise<Consent | undefined> {
    return currentConsentOf(await this.kind.get(this.nats, { consentId }), consentId);
  }

  /** The value of a reply about a consent of this kind, or the OB refusal its error becomes. */
  protected valueOf<T>(reply: RpcReply<T>, consentId?: string): T {
    return consentReplyValue(reply, this.kind.label, consentId);
  }
}
