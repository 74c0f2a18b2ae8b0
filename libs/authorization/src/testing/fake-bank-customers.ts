import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AuthenticatePsu,
  type ListPsuAccounts,
  ok,
  type PsuAccountSummary,
  type PsuIdentity,
  refuse,
  Requests,
  type RpcReply,
  type TestCustomer,
} from '@fapi/nats-contract';
import { type RunningNatsFake, startNatsFake } from '@fapi/testing';

export const PSU = { username: 'mits', password: 'correct horse', psuId: 'psu-mits', name: 'Mits Ando' };
export const PSU_ACCOUNTS: PsuAccountSummary[] = [
  { accountId: 'acc-current', nickname: 'Everyday <Current>', currency: 'GBP', displayIdentifier: '60-16-13 31926819' },
  { accountId: 'acc-savings', nickname: 'Rainy day', currency: 'GBP', displayIdentifier: '60-16-13 31926820' },
];

/** The bank's customers as the AS meets them: one PSU and their accounts; and how often the test customers were asked for. */
export interface BankCustomers {
  psu: typeof PSU;
  accounts: PsuAccountSummary[];
  testCustomersAsked: number;
}

const BANK_CUSTOMERS = Symbol('BANK_CUSTOMERS');

/** Answers the bank's PSU subjects (sign-in, the PSU's accounts, the test customers) the way bank-api does, for the one PSU. */
@Controller()
class FakeBankCustomersController {
  constructor(@Inject(BANK_CUSTOMERS) private readonly customers: BankCustomers) {}

  @MessagePattern(Requests.authenticatePsu)
  authenticate(@Payload() request: AuthenticatePsu): RpcReply<PsuIdentity> {
    const { psu } = this.customers;
    return request.username === psu.username && request.password === psu.password
      ? ok({ psuId: psu.psuId, name: psu.name })
      : refuse('NOT_FOUND', 'unknown credentials');
  }

  @MessagePattern(Requests.listPsuAccounts)
  accounts(@Payload() request: ListPsuAccounts): RpcReply<PsuAccountSummary[]> {
    return request.psuId === this.customers.psu.psuId ? ok(this.customers.accounts) : refuse('NOT_FOUND', 'unknown PSU');
  }

  @MessagePattern(Requests.listTestCustomers)
  testCustomers(): RpcReply<TestCustomer[]> {
    this.customers.testCustomersAsked++;
    const { name, username, password } = this.customers.psu;
    return ok([{ name, username, password }]);
  }
}

/** The bank's customer directory (PSU and PSU_ACCOUNTS) on the NATS server at `natsUrl`. */
export function startFakeBankCustomers(natsUrl: string): Promise<RunningNatsFake<BankCustomers>> {
  return startNatsFake(natsUrl, FakeBankCustomersController, BANK_CUSTOMERS, { psu: PSU, accounts: PSU_ACCOUNTS, testCustomersAsked: 0 });
}
