import { generateKeyPair, exportJWK } from 'jose';
import { Requests } from '@fapi/nats-contract';
import { BANK_URL } from '../../testing/bank-under-test';
import { errorCodes, PISP, startPispWorld, TEST_BANK_ORG_ID, type PispWorld } from '../../testing/pisp-world';
import type { BankResponse } from '../../testing/tpp-client';

const CONSENTS = `${PISP}/domestic-payment-consents`;
const INITIATION = {
  InstructionIdentification: 'ACME412',
  EndToEndIdentification: 'FRESCO.21302.GFX.20',
  InstructedAmount: { Amount: '165.88', Currency: 'GBP' },
  CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Noah Okafor' },
  RemittanceInformation: { Unstructured: ['Internal ops code 5120101'], Structured: [{ CreditorReferenceInformation: { Reference: 'FRESCO-101' } }] },
};
const REQUEST = { Data: { Initiation: INITIATION }, Risk: { PaymentContextCode: 'TransferToThirdParty' } };
const MIA_EVERYDAY = { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000001' };

const consentIdOf = (response: BankResponse) => (response.body as { Data: { ConsentId: string } }).Data.ConsentId;

describe('domestic-payment-consents (client-credentials token, signed requests and responses, idempotent)', () => {
  let world: PispWorld;
  /** What the bank asked consent-service to create. */
  const createRequests = () => world.consentService.received(Requests.createDomesticPaymentConsent);
  let token: string;
  beforeAll(async () => {
    world = await startPispWorld('pisp_consents');
    token = await world.clientToken(world.tppA);
  }, 60_000);
  afterAll(() => world?.stop());

  const post = (body: unknown, options: Parameters<PispWorld['post']>[3] = {}) => world.post(world.tppA, CONSENTS, body, { token, ...options });

  async function expectRefusal(response: BankResponse, status: number, codes: string[], method = 'POST', path = CONSENTS) {
    expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status, codes });
    await world.expectPisResponse(method, path, response);
  }

  describe('happy paths', () => {
    it('POST creates an AWAU consent at consent-service, answers 201 signed by the bank, echoing the interaction id', async () => {
      const interactionId = '0b6c3f4e-2a1d-4c5b-9e8f-7a6b5c4d3e2f';
      const response = await post(REQUEST, { headers: { 'x-fapi-interaction-id': interactionId } });
      expect(response.status).toBe(201);
      expect(response.headers['x-fapi-interaction-id']).toBe(interactionId);
      const consentId = consentIdOf(response);
      expect(response.body).toEqual({
        Data: { ConsentId: consentId, CreationDateTime: expect.any(String), Status: 'AWAU', StatusUpdateDateTime: expect.any(String), Initiation: INITIATION },
        Risk: REQUEST.Risk,
        Links: { Self: `${BANK_URL}${CONSENTS}/${consentId}` },
        Meta: {},
      });
      expect(createRequests().at(-1)).toEqual({
        clientId: 'tpp-a',
        initiation: INITIATION,
        risk: REQUEST.Risk,
        summary: {
          amount: '165.88',
          currency: 'GBP',
          creditorName: 'Noah Okafor',
          creditorScheme: 'UK.OBIE.SortCodeAccountNumber',
          creditorIdentification: '99000110000011',
          reference: 'FRESCO-101',
        },
      });
      await world.expectPisResponse('POST', CONSENTS, response);
    });

    it('a DebtorAccount of the bank is kept as the account the payment will be made from', async () => {
      const response = await post({ ...REQUEST, Data: { Initiation: { ...INITIATION, DebtorAccount: MIA_EVERYDAY } } });
      expect(response.status).toBe(201);
      expect(createRequests().at(-1)?.summary.debtorAccountId).toBe('acc-mia-everyday');
    });

    it('ReadRefundAccount is kept with the consent for its payment, and POST and GET echo it', async () => {
      const created = await post({ ...REQUEST, Data: { ...REQUEST.Data, ReadRefundAccount: 'Yes' } });
      expect([created.status, (created.body as { Data: object }).Data]).toEqual([201, expect.objectContaining({ ReadRefundAccount: 'Yes' })]);
      await world.expectPisResponse('POST', CONSENTS, created);
      expect(createRequests().at(-1)?.summary.readRefundAccount).toBe('Yes');
      const path = `${CONSENTS}/${consentIdOf(created)}`;
      const read = await world.get(world.tppA, path, token);
      expect((read.body as { Data: object }).Data).toMatchObject({ ReadRefundAccount: 'Yes' });
      await world.expectPisResponse('GET', path, read);
    });

    it('GET returns the client’s own consent as it is now, signed', async () => {
      const consentId = consentIdOf(await post(REQUEST));
      world.authorise(consentId, 'psu-mia', 'acc-mia-everyday');
      const response = await world.get(world.tppA, `${CONSENTS}/${consentId}`, token);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ Data: { ConsentId: consentId, Status: 'AUTH', Initiation: INITIATION }, Risk: REQUEST.Risk });
      await world.expectPisResponse('GET', `${CONSENTS}/${consentId}`, response);
    });

    it('the bank publishes its public signing key at /jwks without a token, and signs as its org id', async () => {
      const { keys } = await world.bankJwks();
      expect(keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'PS256', use: 'sig', kid: expect.any(String) })]);
      expect(keys[0]).not.toHaveProperty('d');
      const response = await post(REQUEST);
      const header = JSON.parse(Buffer.from(response.headers['x-jws-signature'].split('.')[0], 'base64url').toString());
      expect(header).toMatchObject({ alg: 'PS256', kid: keys[0].kid, 'http://openbanking.org.uk/iss': TEST_BANK_ORG_ID });
    });
  });

  describe('idempotency', () => {
    it('the same key and body answer the original 201 body and create nothing new', async () => {
      const first = await post(REQUEST, { idempotencyKey: 'consent-retry-1' });
      const created = createRequests().length;
      const again = await post(REQUEST, { idempotencyKey: 'consent-retry-1' });
      expect([again.status, again.text]).toEqual([201, first.text]);
      expect(createRequests()).toHaveLength(created);
      await world.expectPisResponse('POST', CONSENTS, again);
    });

    it('the same key with another body is 400 U006 naming the header, and changes nothing', async () => {
      await post(REQUEST, { idempotencyKey: 'consent-retry-2' });
      const created = createRequests().length;
      const other = { ...REQUEST, Data: { Initiation: { ...INITIATION, InstructedAmount: { Amount: '1.00', Currency: 'GBP' } } } };
      const response = await post(other, { idempotencyKey: 'consent-retry-2' });
      await expectRefusal(response, 400, ['U006']);
      expect(response.body).toMatchObject({ Errors: [{ Path: 'x-idempotency-key' }] });
      expect(createRequests()).toHaveLength(created);
    });

    it('the same key used by another TPP is another request', async () => {
      const mine = await post(REQUEST, { idempotencyKey: 'shared-key' });
      const theirs = await world.post(world.tppB, CONSENTS, REQUEST, { token: await world.clientToken(world.tppB), idempotencyKey: 'shared-key' });
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(consentIdOf(theirs)).not.toBe(consentIdOf(mine));
    });

    it('50 concurrent identical requests with one key create one consent and get 50 identical 201 bodies', async () => {
      const created = createRequests().length;
      const responses = await Promise.all(Array.from({ length: 50 }, () => post(REQUEST, { idempotencyKey: 'consent-burst' })));
      expect(new Set(responses.map((response) => response.status))).toEqual(new Set([201]));
      expect(new Set(responses.map((response) => response.text)).size).toBe(1);
      expect(createRequests()).toHaveLength(created + 1);
      for (const response of responses.slice(0, 3)) await world.verifyBankSignature(response);
    });
  });

  describe('message signing refusals', () => {
    it('no x-jws-signature is 400 U019', async () => {
      await expectRefusal(await post(REQUEST, { signature: null }), 400, ['U019']);
    });

    it('a value that is not a detached JWS is 400 U018', async () => {
      await expectRefusal(await post(REQUEST, { signature: 'not-a-jws' }), 400, ['U018']);
    });

    it('a signature over other bytes (the body tampered with) is 400 U015', async () => {
      const signature = await world.sign(world.tppA, JSON.stringify(REQUEST));
      const tampered = JSON.stringify({ ...REQUEST, Data: { Initiation: { ...INITIATION, InstructedAmount: { Amount: '9999.00', Currency: 'GBP' } } } });
      await expectRefusal(await post(undefined, { signature, rawBody: tampered }), 400, ['U015']);
    });

    it('a signature by another TPP’s registered key is refused (its kid is not among this client’s keys: 400 U016)', async () => {
      const body = JSON.stringify(REQUEST);
      const signature = await world.sign(world.tppA, body, { key: world.tppB.signingKey, iss: 'tpp-a' });
      const response = await post(undefined, { signature, rawBody: body });
      await expectRefusal(response, 400, ['U016']);
      expect(response.body).toMatchObject({ Errors: [{ Path: 'kid' }] });
    });

    it('a key the TPP did not register, under its own kid, does not verify: 400 U015', async () => {
      const { privateKey } = await generateKeyPair('PS256', { extractable: true });
      const stranger = { ...(await exportJWK(privateKey)), kid: world.tppA.signingKey.kid, alg: 'PS256' };
      const body = JSON.stringify(REQUEST);
      await expectRefusal(await post(undefined, { signature: await world.sign(world.tppA, body, { key: stranger }), rawBody: body }), 400, ['U015']);
    });

    it('a signature claiming another TPP as iss is 400 U016', async () => {
      const body = JSON.stringify(REQUEST);
      await expectRefusal(await post(undefined, { signature: await world.sign(world.tppA, body, { iss: 'tpp-b' }), rawBody: body }), 400, ['U016']);
    });
  });

  describe('refusals', () => {
    it('no x-idempotency-key is 400 U007; one over 40 characters 400 U006', async () => {
      await expectRefusal(await post(REQUEST, { idempotencyKey: null }), 400, ['U007']);
      await expectRefusal(await post(REQUEST, { idempotencyKey: 'k'.repeat(41) }), 400, ['U006']);
    });

    it.each([
      ['no CreditorAccount', { ...REQUEST, Data: { Initiation: { ...INITIATION, CreditorAccount: undefined } } }, ['U004']],
      ['an unexpected member', { ...REQUEST, Data: { Initiation: { ...INITIATION, Colour: 'blue' } } }, ['U005']],
      ['a zero amount', { ...REQUEST, Data: { Initiation: { ...INITIATION, InstructedAmount: { Amount: '0.00', Currency: 'GBP' } } } }, ['U002']],
      ['euros', { ...REQUEST, Data: { Initiation: { ...INITIATION, InstructedAmount: { Amount: '1.00', Currency: 'EUR' } } } }, ['U023']],
      [
        'a DebtorAccount the bank does not hold',
        { ...REQUEST, Data: { Initiation: { ...INITIATION, DebtorAccount: { ...MIA_EVERYDAY, Identification: '99000199999999' } } } },
        ['U021'],
      ],
    ])('%s is refused with 400 and its code', async (_case, body, codes) => {
      await expectRefusal(await post(body), 400, codes);
    });

    it('malformed JSON is 400 U010 (after the signature over its bytes verified)', async () => {
      await expectRefusal(await post(undefined, { rawBody: '{"Data": {' }), 400, ['U010']);
    });

    it('an unknown consent, and a consent of another client, are 400 U011', async () => {
      const theirs = consentIdOf(await world.post(world.tppB, CONSENTS, REQUEST, { token: await world.clientToken(world.tppB) }));
      for (const consentId of ['pdc-unknown', theirs]) {
        await expectRefusal(await world.get(world.tppA, `${CONSENTS}/${consentId}`, token), 400, ['U011'], 'GET', `${CONSENTS}/${consentId}`);
      }
    });

    it('a token without the payments scope is 403; a PSU-authorised token is 403', async () => {
      await expectRefusal(await post(REQUEST, { token: await world.clientToken(world.tppA, { claims: { scope: 'openid accounts' } }) }), 403, ['U006']);
      const consentId = consentIdOf(await post(REQUEST));
      world.authorise(consentId, 'psu-mia', 'acc-mia-everyday');
      await expectRefusal(await post(REQUEST, { token: await world.consentToken(world.tppA, consentId) }), 403, ['U006']);
    });

    it('a PISP path asked with another method is 405 with Allow; an endpoint the bank does not implement is 404; neither has a body', async () => {
      const other = await world.tppA.http.call('PUT', CONSENTS, { token, json: REQUEST });
      expect([other.status, other.text, other.headers.allow, other.headers['x-jws-signature']]).toEqual([405, '', 'POST', undefined]);
      const scheduled = await world.tppA.http.call('GET', `${PISP}/domestic-scheduled-payments/x`, { token });
      expect([scheduled.status, scheduled.text]).toEqual([404, '']);
      expect(scheduled.headers['x-fapi-interaction-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('no token is 401 with neither body nor signature', async () => {
      const response = await post(REQUEST, { token: undefined });
      expect([response.status, response.text]).toEqual([401, '']);
      await world.expectPisResponse('POST', CONSENTS, response);
    });
  });
});
