import { Requests } from '@fapi/nats-contract';
import { BANK_TOKEN_RULES, refusalText } from '@fapi/refusal-catalogue';
import { BANK_URL } from '../testing/bank-under-test';
import { DpopKey } from '../testing/dpop-key';
import { PISP, startPispWorld, type PispWorld } from '../testing/pisp-world';

const CONSENTS = `${PISP}/domestic-payment-consents`;
const REQUEST = {
  Data: {
    Initiation: {
      InstructionIdentification: 'DPOP-1',
      EndToEndIdentification: 'DPOP.E2E.1',
      InstructedAmount: { Amount: '12.50', Currency: 'GBP' },
      CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Noah Okafor' },
    },
  },
  Risk: { PaymentContextCode: 'TransferToThirdParty' },
};

describe('a DPoP-bound access token works at the PISP API with a DPoP proof of each request', () => {
  let world: PispWorld;
  let key: DpopKey;
  /** TPP A's client-credentials token, bound to its DPoP key. */
  let token: string;
  beforeAll(async () => {
    world = await startPispWorld('pisp_dpop_bound_tokens');
    key = await DpopKey.generate('ES256');
    token = await world.clientToken(world.tppA, { claims: { cnf: { jkt: key.jkt } } });
  }, 60_000);
  afterAll(() => world?.stop());

  const dpopHeaders = async (method: string, path: string) => ({ authorization: `DPoP ${token}`, dpop: await key.proof(method, `${BANK_URL}${path}`, token) });

  it('the TPP creates a payment consent and reads it back, each request with its own proof; the answers are signed as usual', async () => {
    const created = await world.post(world.tppA, CONSENTS, REQUEST, { headers: await dpopHeaders('POST', CONSENTS) });
    expect(created.status).toBe(201);
    await world.expectPisResponse('POST', CONSENTS, created);
    const consentPath = `${CONSENTS}/${(created.body as { Data: { ConsentId: string } }).Data.ConsentId}`;
    const read = await world.tppA.http.call('GET', consentPath, { headers: await dpopHeaders('GET', consentPath) });
    expect(read.status).toBe(200);
    await world.expectPisResponse('GET', consentPath, read);
  });

  it('a proof of another request is 401 invalid_dpop_proof with no body, and creates nothing', async () => {
    const creations = () => world.consentService.received(Requests.createDomesticPaymentConsent).length;
    const before = creations();
    const refused = await world.post(world.tppA, CONSENTS, REQUEST, { headers: await dpopHeaders('GET', CONSENTS) });
    expect({ status: refused.status, challenge: refused.headers['www-authenticate'], body: refused.text }).toEqual({
      status: 401,
      challenge: `DPoP error="invalid_dpop_proof", error_description="${refusalText(BANK_TOKEN_RULES.proofHtm, 'the DPoP proof htm is GET, the request POST')}", algs="PS256 ES256"`,
      body: '',
    });
    await world.expectPisResponse('POST', CONSENTS, refused);
    expect(creations()).toBe(before);
  });
});
