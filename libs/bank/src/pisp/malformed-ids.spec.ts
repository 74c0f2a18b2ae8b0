import { errorCodes, PISP, startPispWorld, type PispWorld } from '../testing/pisp-world';
import { invalidPathId, refusalOf } from '../testing/outcome';

const CONSENTS = `${PISP}/domestic-payment-consents`;
const PAYMENTS = `${PISP}/domestic-payments`;
const INITIATION = {
  InstructionIdentification: 'instr-malformed-ids',
  EndToEndIdentification: 'e2e-malformed-ids',
  InstructedAmount: { Amount: '1.00', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Noah Okafor' },
};
const RISK = { PaymentContextCode: 'TransferToThirdParty' };

describe('PISP: a malformed id in a path is refused at the edge (400 U002, signed) and never hurts another TPP', () => {
  let world: PispWorld;
  let clientTokenA: string;
  beforeAll(async () => {
    world = await startPispWorld('pisp_malformed_ids');
    clientTokenA = await world.clientToken(world.tppA);
  }, 60_000);
  afterAll(() => world?.stop());

  it.each([
    `${CONSENTS}/a%00`,
    `${CONSENTS}/${'c'.repeat(129)}`,
    `${PAYMENTS}/a%00`,
    `${PAYMENTS}/a%00/payment-details`,
    `${PAYMENTS}/${'p'.repeat(41)}`,
  ])('GET %s (a NUL or over its length) is 400 U002 naming the id', async (path) => {
    const response = await world.get(world.tppA, path, clientTokenA);
    expect(refusalOf(response)).toEqual(invalidPathId(path.startsWith(PAYMENTS) ? 'DomesticPaymentId' : 'ConsentId'));
    await world.expectPisResponse('GET', path, response);
  });

  it('GET funds-confirmation of a consent id with a NUL is 400 U002 naming ConsentId', async () => {
    const path = `${CONSENTS}/a%00/funds-confirmation`;
    const response = await world.get(world.tppA, path, await world.consentToken(world.tppA, 'a\u0000'));
    expect(refusalOf(response)).toEqual(invalidPathId('ConsentId'));
    await world.expectPisResponse('GET', path, response);
  });

  it.each([`${PAYMENTS}/%E0%A4%A`, `${CONSENTS}/%E0%A4%A/funds-confirmation`, `${PAYMENTS}/%ZZ/payment-details`])(
    'GET %s (a path that cannot be decoded) is 400 U002, signed like every PISP response with a body',
    async (path) => {
      const response = await world.get(world.tppA, path, clientTokenA);
      expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status: 400, codes: ['U002'] });
      expect(response.headers['x-jws-signature']).toEqual(expect.any(String));
      await world.verifyBankSignature(response);
    },
  );

  it('while TPP A sends NUL and overlong payment ids, TPP B reads its payment concurrently without a single failure', async () => {
    const consentRequest = { Data: { Initiation: INITIATION }, Risk: RISK };
    const consent = await world.post(world.tppB, CONSENTS, consentRequest, { token: await world.clientToken(world.tppB) });
    const consentId = (consent.body as { Data: { ConsentId: string } }).Data.ConsentId;
    world.authorise(consentId, 'psu-mia', 'acc-mia-everyday');
    const payment = await world.post(world.tppB, PAYMENTS, { Data: { ConsentId: consentId, Initiation: INITIATION }, Risk: RISK }, {
      token: await world.consentToken(world.tppB, consentId),
    });
    expect(payment.status).toBe(201);
    const paymentPath = `${PAYMENTS}/${(payment.body as { Data: { DomesticPaymentId: string } }).Data.DomesticPaymentId}`;
    const clientTokenB = await world.clientToken(world.tppB);

    const hostile = [`${PAYMENTS}/a%00`, `${PAYMENTS}/${'p'.repeat(300)}`];
    const attacks = Array.from({ length: 40 }, (_, i) => world.get(world.tppA, hostile[i % hostile.length], clientTokenA));
    const normal = Array.from({ length: 40 }, () => world.get(world.tppB, paymentPath, clientTokenB));
    const [attacked, served] = await Promise.all([Promise.all(attacks), Promise.all(normal)]);
    expect(served.map((response) => response.status)).toEqual(served.map(() => 200));
    expect(new Set(attacked.map((response) => `${response.status} ${errorCodes(response).join()}`))).toEqual(new Set(['400 U002']));
  });
});
