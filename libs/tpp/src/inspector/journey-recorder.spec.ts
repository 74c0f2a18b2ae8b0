import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { runInInteraction } from '@fapi/nats-contract';
import { FAPI1_JARM_PROTOCOL } from '../testing/fake-sandbox';
import { useFintechDatabase } from '../testing/fintech-database';
import { JourneyRecorder, JOURNEYS_KEPT, STEPS_KEPT } from './journey-recorder';
import { recordingFetch } from './recording-fetch';

const BANK_URL = 'https://bank.test';
const AS_URL = 'https://as.test';
const database = useFintechDatabase('fapi_unit_tpp_journeys');
/** A fintech instance's recorder (its own connection pool); every one records into and shows from the one database. */
const recorderOf = (now?: () => Date, instance: 1 | 2 = 1) => new JourneyRecorder(database.client(instance), { bankUrl: BANK_URL, publicJwks: { keys: [] } }, FAPI1_JARM_PROTOCOL, now);
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const accounts = async () => json({ Data: { Account: [] } });
const readAccounts = (fetch: ReturnType<typeof recordingFetch>) =>
  fetch(`${BANK_URL}/open-banking/v4.0/aisp/accounts`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });

describe('the flow inspector keeps journeys in the fintech database, bounded, each under its interaction id', () => {
  it(`keeps the last ${JOURNEYS_KEPT} journeys: the oldest is forgotten first`, async () => {
    let clock = Date.now() - 24 * 3600 * 1000; // older than the journeys the other tests start
    const recorder = recorderOf(() => new Date((clock += 1000)));
    const prefix = randomUUID();
    for (let n = 0; n <= JOURNEYS_KEPT; n++) await recorder.start(`${prefix}-${n}`, 'account-access');
    await expect(recorder.journey(`${prefix}-0`)).resolves.toBeUndefined();
    await expect(recorder.journey(`${prefix}-1`)).resolves.toMatchObject({ id: `${prefix}-1` });
    await expect(recorder.journey(`${prefix}-${JOURNEYS_KEPT}`)).resolves.toMatchObject({ id: `${prefix}-${JOURNEYS_KEPT}` });
  });

  it(`keeps the first ${STEPS_KEPT} steps of a journey and counts the ones left out (a payment page reloading)`, async () => {
    const recorder = recorderOf();
    const fetch = recordingFetch(recorder, accounts);
    const id = randomUUID();
    await recorder.start(id, 'account-access');
    await runInInteraction({ interactionId: id }, async () => {
      for (let n = 0; n < STEPS_KEPT + 3; n++) await readAccounts(fetch);
    });
    const journey = await recorder.journey(id);
    expect({ steps: journey?.steps.length, omitted: journey?.stepsOmitted }).toEqual({ steps: STEPS_KEPT, omitted: 3 });
  });

  it('records a call only into the journey of the current interaction; a call outside any journey is not recorded', async () => {
    const recorder = recorderOf();
    const fetch = recordingFetch(recorder, accounts);
    const id = randomUUID();
    await recorder.start(id, 'account-access');
    await readAccounts(fetch);
    await runInInteraction({ interactionId: 'another-interaction' }, () => readAccounts(fetch));
    expect((await recorder.journey(id))?.steps).toEqual([]);
    await runInInteraction({ interactionId: id }, () => readAccounts(fetch));
    expect((await recorder.journey(id))?.steps.map((step) => step.kind)).toEqual(['account-read']);
  });

  it('a call that got no answer is a failed step, and the caller still gets the error', async () => {
    const recorder = recorderOf();
    const fetch = recordingFetch(recorder, async () => {
      throw new TypeError('fetch failed');
    });
    const id = randomUUID();
    await recorder.start(id, 'account-access');
    await runInInteraction({ interactionId: id }, async () => {
      await expect(readAccounts(fetch)).rejects.toThrow('fetch failed');
    });
    expect((await recorder.journey(id))?.steps[0]).toMatchObject({ kind: 'account-read', failure: 'no answer: fetch failed' });
  });
});

describe('any fintech instance records a step of any journey and shows any journey', () => {
  it('steps recorded at once by two instances get distinct numbers, in one journey', async () => {
    const [one, two] = [recorderOf(undefined, 1), recorderOf(undefined, 2)];
    const id = randomUUID();
    await one.start(id, 'account-access');
    await runInInteraction({ interactionId: id }, () =>
      Promise.all([...Array.from({ length: 4 }, () => readAccounts(recordingFetch(one, accounts))), ...Array.from({ length: 4 }, () => readAccounts(recordingFetch(two, accounts)))]),
    );
    expect((await two.journey(id))?.steps.map((step) => step.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a signature is checked, on the instance that shows the journey, with the AS keys another instance saw', async () => {
    const [one, two] = [recorderOf(undefined, 1), recorderOf(undefined, 2)];
    const { privateKey, publicKey } = await generateKeyPair('PS256');
    const asKey = { ...(await exportJWK(publicKey)), kid: 'as-key-1', alg: 'PS256', use: 'sig' };
    const response = await new SignJWT({ iss: AS_URL, code: 'a-code' }).setProtectedHeader({ alg: 'PS256', kid: 'as-key-1' }).sign(privateKey);
    const id = randomUUID();
    await one.start(id, 'account-access');
    await runInInteraction({ interactionId: id }, async () => {
      await recordingFetch(one, async () => json({ keys: [asKey] }))(`${AS_URL}/jwks`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });
      await one.callback(new URLSearchParams({ response }), 'https://tpp.test/callback');
    });
    const callback = (await two.journey(id))?.steps.find((step) => step.kind === 'callback');
    expect(callback?.jwts[0]?.signature).toEqual({ verified: true, key: "the AS's key as-key-1" });
    expect((await one.journey(id))?.steps.find((step) => step.kind === 'callback')?.jwts[0]?.signature).toEqual({ verified: true, key: "the AS's key as-key-1" });
  });

  it('the compact JWTs kept for their check are deleted once the journey is shown', async () => {
    const recorder = recorderOf();
    const prisma = database.client();
    const { privateKey } = await generateKeyPair('ES256');
    const id = randomUUID();
    await recorder.start(id, 'account-access');
    const response = await new SignJWT({ iss: AS_URL }).setProtectedHeader({ alg: 'ES256', kid: 'unknown' }).sign(privateKey);
    await runInInteraction({ interactionId: id }, () => recorder.callback(new URLSearchParams({ response }), 'https://tpp.test/callback'));
    expect(await prisma.uncheckedJwt.count({ where: { journeyId: id } })).toBe(1);
    await recorder.journey(id);
    expect(await prisma.uncheckedJwt.count({ where: { journeyId: id } })).toBe(0);
  });
});
