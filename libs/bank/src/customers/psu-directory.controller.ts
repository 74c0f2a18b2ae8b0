import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Requests } from '@fapi/nats-contract';
import { PsuDirectory } from './psu-directory';

/** NATS: the authorization server logs PSUs in, lists their accounts for the consent page, and the test customers for its sign-in page. */
@Controller()
export class PsuDirectoryController {
  constructor(private readonly directory: PsuDirectory) {}

  @MessagePattern(Requests.authenticatePsu)
  authenticatePsu(@Payload() payload: unknown) {
    return this.directory.authenticate(payload);
  }

  @MessagePattern(Requests.listPsuAccounts)
  listPsuAccounts(@Payload() payload: unknown) {
    return this.directory.accounts(payload);
  }

  @MessagePattern(Requests.listTestCustomers)
  listTestCustomers() {
    return this.directory.testCustomers();
  }
}
