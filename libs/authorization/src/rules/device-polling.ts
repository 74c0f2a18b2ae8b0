import { createHash } from 'node:crypto';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { OidcModelStore } from '../storage/oidc-model-store';
import { DEVICE_CODE_GRANT } from './teaching-client-metadata';

/** RFC 8628 3.2: the seconds a device waits between polls (the RFC's default, announced in every response). */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 3.5: each slow_down adds this to the interval, for that poll and every later one. */
export const SLOW_DOWN_STEP_SECONDS = 5;

/** The store kind of a device code's last poll (keyed by the code's hash: the code itself is a credential). */
const DEVICE_POLL = 'DevicePoll';

interface LastPoll {
  polledAt: number;
  intervalSeconds: number;
}

// RFC 8628 3.2 and 3.5 (oidc-provider announces no interval and never answers slow_down): the device authorization
// response carries `interval`, and a poll of a still pending device code that comes sooner than the interval after the
// last one is answered slow_down instead of authorization_pending, the interval growing by 5 seconds from then on. Only
// pending polls are paced: an approved, denied or expired code answers as it is, whenever polled. The last poll is
// kept in the shared store, so every instance of the AS paces alike.
export function devicePolling(provider: Provider, store: Pick<OidcModelStore, 'find' | 'upsert'>, deviceCodeLifetimeSeconds: number): void {
  provider.use(async (ctx, next) => {
    await next();
    const { route, params } = (ctx as KoaContextWithOIDC).oidc ?? {};
    const body = ctx.body as Record<string, unknown> | undefined;
    if (route === 'device_authorization' && typeof body?.device_code === 'string') {
      ctx.body = { ...body, interval: DEVICE_POLL_INTERVAL_SECONDS };
    } else if (route === 'token' && params?.grant_type === DEVICE_CODE_GRANT && body?.error === 'authorization_pending') {
      const id = createHash('sha256').update(String(params.device_code)).digest('base64url');
      const last = (await store.find(DEVICE_POLL, id)) as LastPoll | undefined;
      const now = Date.now();
      const tooSoon = last !== undefined && now - last.polledAt < last.intervalSeconds * 1000;
      const intervalSeconds = (last?.intervalSeconds ?? DEVICE_POLL_INTERVAL_SECONDS) + (tooSoon ? SLOW_DOWN_STEP_SECONDS : 0);
      await store.upsert(DEVICE_POLL, id, { polledAt: now, intervalSeconds }, deviceCodeLifetimeSeconds);
      if (tooSoon) ctx.body = { error: 'slow_down', error_description: `polling too fast: poll at most every ${intervalSeconds} seconds (RFC 8628 3.5)` };
    }
  });
}
