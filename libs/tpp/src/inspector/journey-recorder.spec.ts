import { runInInteraction } from '@fapi/nats-contract';
import { FAPI1_JARM_PROTOCOL } from '../testing/fake-sandbox';
import { JourneyRecorder, JOURNEYS_KEPT, STEPS_KEPT } from './journey-recorder';
import { recordingFetch } from './recording-fetch';

const BANK_URL = 'https://bank.test';
const recorderOf = () => new JourneyRecorder({ bankUrl: BANK_URL, publicJwks: { keys: [] } }, FAPI1_JARM_PROTOCOL);
const accounts = async () => new Response(JSON.stringify({ Data: { Account: [] } }), { status: 200, headers: { 'content-type': 'application/json' } });

describe('the flow inspector keeps journeys in memory, bounded, each under its interaction id', () => {
  it(`keeps the last ${JOURNEYS_KEPT} journeys: the oldest is forgotten first`, async () => {
    const recorder = recorderOf();
    for (let n = 0; n <= JOURNEYS_KEPT; n++) recorder.start(`journey-${n}`, 'account-access');
    await expect(recorder.journey('journey-0')).resolves.toBeUndefined();
    await expect(recorder.journey('journey-1')).resolves.toMatchObject({ id: 'journey-1' });
    await expect(recorder.journey(`journey-${JOURNEYS_KEPT}`)).resolves.toMatchObject({ id: `journey-${JOURNEYS_KEPT}` });
  });

  it(`keeps the first ${STEPS_KEPT} steps of a journey and counts the ones left out (a payment page reloading)`, async () => {
    const recorder = recorderOf();
    const fetch = recordingFetch(recorder, accounts);
    recorder.start('journey', 'account-access');
    await runInInteraction({ interactionId: 'journey' }, async () => {
      for (let n = 0; n < STEPS_KEPT + 3; n++) await fetch(`${BANK_URL}/open-banking/v4.0/aisp/accounts`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });
    });
    const journey = await recorder.journey('journey');
    expect({ steps: journey?.steps.length, omitted: journey?.stepsOmitted }).toEqual({ steps: STEPS_KEPT, omitted: 3 });
  });

  it('records a call only into the journey of the current interaction; a call outside any journey is not recorded', async () => {
    const recorder = recorderOf();
    const fetch = recordingFetch(recorder, accounts);
    recorder.start('journey', 'account-access');
    const call = () => fetch(`${BANK_URL}/open-banking/v4.0/aisp/accounts`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });
    await call();
    await runInInteraction({ interactionId: 'another-interaction' }, call);
    expect((await recorder.journey('journey'))?.steps).toEqual([]);
    await runInInteraction({ interactionId: 'journey' }, call);
    expect((await recorder.journey('journey'))?.steps.map((step) => step.kind)).toEqual(['account-read']);
  });

  it('a call that got no answer is a failed step, and the caller still gets the error', async () => {
    const recorder = recorderOf();
    const fetch = recordingFetch(recorder, async () => {
      throw new TypeError('fetch failed');
    });
    recorder.start('journey', 'account-access');
    await runInInteraction({ interactionId: 'journey' }, async () => {
      await expect(fetch(`${BANK_URL}/open-banking/v4.0/aisp/accounts`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' })).rejects.toThrow('fetch failed');
    });
    expect((await recorder.journey('journey'))?.steps[0]).toMatchObject({ kind: 'account-read', failure: 'no answer: fetch failed' });
  });
});
