import { type BankUnderTest, startBankUnderTest } from './bank-under-test';
import { FakeAuthorizationServer } from './fake-authorization-server';
import type { RunningNatsFake } from '@fapi/testing';

/** The bank under test with a fake authorization server (whose tokens it trusts) and fakes on the bank's NATS server. */
export interface BankWithFakes<Fakes> {
  bank: BankUnderTest;
  authorizationServer: FakeAuthorizationServer;
  fakes: RunningNatsFake<Fakes>;
  /** Stops the fakes, the bank, then the authorization server. */
  stop(): Promise<void>;
}

/** Starts the fake authorization server and `startFakes` (on the bank's NATS server), then the bank trusting that AS. */
export async function startBankWithFakes<Fakes>(
  name: string,
  startFakes: (natsUrl: string) => Promise<RunningNatsFake<Fakes>>,
): Promise<BankWithFakes<Fakes>> {
  let authorizationServer!: FakeAuthorizationServer;
  let fakes!: RunningNatsFake<Fakes>;
  const bank = await startBankUnderTest({
    name,
    beforeStart: async (pki, natsUrl) => {
      authorizationServer = await FakeAuthorizationServer.start(pki.server('authorization-server'));
      fakes = await startFakes(natsUrl);
      return { issuer: authorizationServer.issuer };
    },
  });
  return {
    bank,
    authorizationServer,
    fakes,
    async stop() {
      await fakes.stop();
      await bank.stop();
      await authorizationServer.stop();
    },
  };
}
