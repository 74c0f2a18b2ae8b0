/** FAPI 1.0 Baseline 6.2.2-5: every back-channel call of a journey carries the journey's x-fapi-interaction-id. */
import type { CustomFetch } from 'openid-client';
import { runInInteraction } from '@fapi/nats-contract';
import { withJourneyInteractionId } from './journey-interaction';

/** A fetch that records the headers of each call it is given. */
function recordingFetch(): { fetch: CustomFetch; sent: Array<Record<string, string>> } {
  const sent: Array<Record<string, string>> = [];
  const fetch: CustomFetch = async (_url, options) => {
    sent.push(options.headers);
    return new Response('{}');
  };
  return { fetch, sent };
}

describe('calls to the AS and the bank carry the journey’s interaction id', () => {
  it('each call made while a journey’s request runs carries that journey’s id', async () => {
    const { fetch, sent } = recordingFetch();
    const journeyFetch = withJourneyInteractionId(fetch);
    const journeyId = '3f333df6-90a4-4fda-8dd3-9485d27cee36';
    await runInInteraction({ interactionId: journeyId }, async () => {
      await journeyFetch('https://as.example/request', { method: 'POST', headers: { accept: 'application/json' }, body: 'x', redirect: 'manual' });
      await journeyFetch('https://as.example/token', { method: 'POST', headers: {}, body: 'y', redirect: 'manual' });
    });
    expect(sent).toEqual([
      { 'x-fapi-interaction-id': journeyId, accept: 'application/json' },
      { 'x-fapi-interaction-id': journeyId },
    ]);
  });

  it('a call outside any journey gets an id of its own, and an id set by the caller stays', async () => {
    const { fetch, sent } = recordingFetch();
    const journeyFetch = withJourneyInteractionId(fetch);
    await journeyFetch('https://as.example/jwks', { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });
    await journeyFetch('https://as.example/jwks', { method: 'GET', headers: { 'x-fapi-interaction-id': 'chosen' }, body: undefined, redirect: 'manual' });
    expect(sent[0]['x-fapi-interaction-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[1]['x-fapi-interaction-id']).toBe('chosen');
  });
});
