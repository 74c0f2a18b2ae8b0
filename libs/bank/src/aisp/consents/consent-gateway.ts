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

/** How a refusal of consent-service reaches a TPP on the consent endpoints: as OB 400s that reveal no other client's consent. */
function consentEndpointError(error: RpcError, consentId?: string): ObError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
      return ObError.of('U011', `no account-access consent ${consentId ?? ''}`.trim(), 'ConsentId');
    case 'INVALID_STATUS':
      return ObError.of('U009', error.message);
    case 'INVALID':
      return ObError.of('U002', error.message);
  }
}

function valueOf<T>(reply: RpcReply<T>, consentId?: string): T {
  if (!reply.ok) throw consentEndpointError(reply.error, consentId);
  return reply.value;
}

/** The bank's side of consent-service (NATS): account-access consents live there, not in the bank. */
@Injectable()
export class ConsentGateway {
  constructor(private readonly nats: NatsContractClient) {}

  async create(request: CreateAccountAccessConsent): Promise<AccountAccessConsent> {
    return valueOf(await this.nats.request(Requests.createAccountAccessConsent, request));
  }

  /** A consent of this client; another client's consent is not found (400 U011), like an unknown one. */
  async getOwn(consentId: string, clientId: string): Promise<AccountAccessConsent> {
    return valueOf(await this.nats.request(Requests.getAccountAccessConsent, { consentId, clientId }), consentId);
  }

  /** The TPP revokes (DELETE): only its own consent. */
  async revokeOwn(consentId: string, clientId: string): Promise<void> {
    valueOf(await this.nats.request(Requests.revokeAccountAccessConsent, { consentId, clientId, revokedBy: 'TPP' }), consentId);
  }

  /** The consent a PSU-authorised token was issued for, as it is now (read on every request), or undefined. */
  async current(consentId: string): Promise<AccountAccessConsent | undefined> {
    const reply = await this.nats.request(Requests.getAccountAccessConsent, { consentId });
    if (reply.ok) return reply.value;
    if (reply.error.code === 'NOT_FOUND') return undefined;
    throw new Error(`consent-service refused to read consent ${consentId}: ${reply.error.code} ${reply.error.message}`);
  }
}
