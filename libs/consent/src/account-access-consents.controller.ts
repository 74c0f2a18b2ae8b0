import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AccountAccessConsent, Requests, type RpcReply } from '@fapi/nats-contract';
import {
  parseAuthoriseRequest,
  parseCreateRequest,
  parseGetRequest,
  parseRejectRequest,
  parseRevokeRequest,
} from './account-access-consent-requests';
import { AccountAccessConsentsService } from './account-access-consents.service';
import { whenValid } from './request-parsing';

type ConsentReply = Promise<RpcReply<AccountAccessConsent>>;

/** Serves the account-access consent subjects of the NATS contract; every payload is checked before it is used. */
@Controller()
export class AccountAccessConsentsController {
  constructor(private readonly consents: AccountAccessConsentsService) {}

  @MessagePattern(Requests.createAccountAccessConsent)
  create(@Payload() payload: unknown): ConsentReply {
    return whenValid(parseCreateRequest(payload), (request) => this.consents.create(request));
  }

  @MessagePattern(Requests.getAccountAccessConsent)
  get(@Payload() payload: unknown): ConsentReply {
    return whenValid(parseGetRequest(payload), (request) => this.consents.get(request));
  }

  @MessagePattern(Requests.authoriseAccountAccessConsent)
  authorise(@Payload() payload: unknown): ConsentReply {
    return whenValid(parseAuthoriseRequest(payload), (request) => this.consents.authorise(request));
  }

  @MessagePattern(Requests.rejectAccountAccessConsent)
  reject(@Payload() payload: unknown): ConsentReply {
    return whenValid(parseRejectRequest(payload), (request) => this.consents.reject(request));
  }

  @MessagePattern(Requests.revokeAccountAccessConsent)
  revoke(@Payload() payload: unknown): ConsentReply {
    return whenValid(parseRevokeRequest(payload), (request) => this.consents.revoke(request));
  }
}
