/**
 * Issue 7, finding 1: the bank's PostgreSQL connections terminated under traffic (failover, restart, an operator's
 * pg_terminate_backend: 57P01) must not end the process. Requests in flight fail as OB errors (500 U000, signed like
 * every PISP response), never a hung-up socket; the next requests succeed on new connections.
 */
import { terminateConnections } from '@fapi/testing';
import { errorCodes, PISP, startPispWorld, type PispWorld } from '../testing/pisp-world';
import type { BankResponse } from '../testing/tpp-client';

const CONSENTS = `${PISP}/domestic-payment-consents`;
const PAYMENTS = `${PISP}/domestic-payments`;
const RISK = { PaymentContextCode: 'TransferToThirdParty' };
const initiation = (id: string) => ({
  InstructionIdentification: id,
  EndToEndIdentification: `e2e-${id}`,
  InstructedAmount: { Amount: '1.00', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Noah Okafor' },
});

describe('the bank survives losing its database connections under traffic (57P01)', () => {
  let world: PispWorld;
  let clientToken: string;
  beforeAll(async () => {
    world = await startPispWorld('faults_database');
    clientToken = await world.clientToken(world.tppA);
  }, 60_000);
  afterAll(() => world?.stop());

  let instructions = 0;
  const postConsent = () => {
    const order = { Data: { Initiation: initiation(`db-fault-${++instructions}`) }, Risk: RISK };
    return world.post(world.tppA, CONSENTS, order, { token: clientToken }).then((response) => ({ response, order }));
  };
  /** An authorised consent and the payment order that spends it, with the consent's token. */
  const authorisedPayment = async () => {
    const { response, order } = await postConsent();
    expect(response.status).toBe(201);
    const consentId = (response.body as { Data: { ConsentId: string } }).Data.ConsentId;
    world.authorise(consentId, 'psu-mia', 'acc-mia-everyday');
    return { body: { Data: { ConsentId: consentId, Initiation: order.Data.Initiation }, Risk: RISK }, token: await world.consentToken(world.tppA, consentId) };
  };
  const postPayment = ({ body, token }: { body: unknown; token: string }) => world.post(world.tppA, PAYMENTS, body, { token });

  /** What a request in flight may get while its connection dies: done, or an OB error the TPP can act on. */
  async function expectCleanOutcome(method: string, path: string, response: BankResponse) {
    if (response.status !== 201) expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status: 500, codes: ['U000'] });
    await world.expectPisResponse(method, path, response);
  }

  it('connections terminated again and again while consent and payment POSTs run: no crash, OB errors in flight, the next requests succeed', async () => {
    const payments = await Promise.all(Array.from({ length: 12 }, authorisedPayment));
    let burstRunning = true;
    const terminations = (async () => {
      let terminated = 0;
      while (burstRunning) {
        terminated += await terminateConnections(world.bank.databaseUrl);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      return terminated;
    })();
    const [consentResponses, paymentResponses] = await Promise.all([
      Promise.all(Array.from({ length: 24 }, () => postConsent().then(({ response }) => response))),
      Promise.all(payments.map(postPayment)),
    ]).finally(() => (burstRunning = false));
    expect(await terminations).toBeGreaterThan(0);

    for (const response of consentResponses) await expectCleanOutcome('POST', CONSENTS, response);
    for (const response of paymentResponses) await expectCleanOutcome('POST', PAYMENTS, response);

    // the bank is still there, on new connections
    await expect(postConsent().then(({ response }) => response.status)).resolves.toBe(201);
    const after = await postPayment(await authorisedPayment());
    expect(after.status).toBe(201);
    await world.expectPisResponse('POST', PAYMENTS, after);
  });
});
