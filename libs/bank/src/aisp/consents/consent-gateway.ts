import { Injectable } from '@nestjs/common';
import {
  type AccountAccessConsent,
  type CreateAccountAccessConsent,
  NatsContractClient,
  Requests,
  type RpcError,
  type RpcReply,
} from '@fapi/nats-contract';
import { ObError } from '@fapi/open-banking';

/**
 * How a refusal of consent-service reaches a TPP on the consent endpoints (of any kind of consent, named by `kind`):
 * as OB 400s that reveal no other client's consent.
 */
function consentEndpointError(error: RpcError, kind: string, consentId?: string): ObError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
      return ObError.of('U011', `no ${kind} ${consentId ?? ''}`.trim(), 'ConsentId');
    case 'INVALID_STATUS':
      return ObError.of('U009', error.message);
    case 'INVALID':
      return ObError.of('U002', error.message);
  }
}

/** The value of consent-service's reply, or the OB refusal its error becomes on a consent endpoint. */
export function consentReplyValue<T>(reply: RpcReply<T>, kind: string, consentId?: string): T {
  if (!reply.ok) throw consentEndpointError(reply.error, kind, consentId);
  return reply.value;
}

/** The consent a reply names, undefined when consent-service does not know it; any other refusal is unexpected. */
export function currentConsentOf<T>(reply: RpcReply<T>, consentId: string): T | undefined {
  if (reply.ok) return reply.value;
  if (reply.error.code === 'NOT_FOUND') return undefined;
  throw new Error(`consent-service refused to read consent ${consentId}: ${reply.error.code} ${reply.error.message}`);
}

const KIND = 'account-access consent';

/** The bank's side of consent-service (NATS): account-access consents live there, not in the bank. */
@Injectable()
export class ConsentGateway {
  constructor(private readonly nats: NatsContractClient) {}

  async create(request: CreateAccountAccessConsent): Promise<AccountAccessConsent> {
    return consentReplyValue(await this.nats.request(Requests.createAccountAccessConsent, request), KIND);
  }

  /** A consent of this client; another client's consent is not found (400 U011), like an unknown one. */
  async getOwn(consentId: string, clientId: string): Promise<AccountAccessConsent> {
    return consentReplyValue(await this.nats.request(Requests.getAccountAccessConsent, { consentId, clientId }), KIND, consentId);
  }

  /** The TPP revokes (DELETE): only its own consent. */
  async revokeOwn(consentId: string, clientId: string): Promise<void> {
    consentReplyValue(await this.nats.request(Requests.revokeAccountAccessConsent, { consentId, clientId, revokedBy: 'TPP' }), KIND, consentId);
  }

  /** The consent a PSU-authorised token was issued for, as it is now (read on every request), or undefined. */
  async current(consentId: string): Promise<AccountAccessConsent | undefined> {
    return currentConsentOf(await this.nats.request(Requests.getAccountAccessConsent, { consentId }), consentId);
  }
}
