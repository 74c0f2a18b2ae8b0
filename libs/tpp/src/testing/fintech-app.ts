import { randomUUID } from 'node:crypto';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as cheerio from 'cheerio';
import { decodeJwt } from 'jose';
import type { Configuration } from 'openid-client';
import { runInInteraction } from '@fapi/nats-contract';
import type { PendingAuthorization } from '../authorization-request';
import { authorizationServerConfiguration } from '../authorization-server';
import type { JourneyRecorder } from '../inspector/journey-recorder';
import { TppJourney } from '../journey';
import { TppClientModule } from '../tpp-client.module';
import { FakeSandbox, ISSUER, REDIRECT_URI, TPP_URL, testTpp, type TppOverrides } from './fake-sandbox';
import { useFintechDatabase } from './fintech-database';

export interface Answer {
  status: number;
  location: string | null;
  cookie: string | undefined;
  setCookie: string | null;
  csp: string | null;
  contentType: string | null;
  /** The x-fapi-interaction-id the answer names: the journey's, once one started. */
  interactionId: string | null;
  html: string;
}

/** A Nest logger keeping every line the app logs, each as one JSON line (message and context). */
function keptLines(lines: string[]): LoggerService {
  const keep = (level: string) => (...parts: unknown[]) => void lines.push(JSON.stringify({ level, parts }));
  return { log: keep('info'), error: keep('error'), warn: keep('warn'), debug: keep('debug'), verbose: keep('verbose'), fatal: keep('fatal') };
}

/** The fintech database of the test file that imports this (sessions, journeys): every app it starts shares it. */
const database = useFintechDatabase('fapi_unit_tpp_web');

/**
 * The fintech app on 127.0.0.1 (plain HTTP in the test), its AS and bank answered by the fake sandbox, every call
 * going through the journey's own fetch (interaction id, flow inspector). Each request runs in an interaction of its
 * own, as the service's request log middleware runs it. `logLines`: where the app's log lines go (none by default).
 */
export async function startApp(overrides: TppOverrides, { logLines }: { logLines?: string[] } = {}) {
  const { tpp } = await testTpp(overrides);
  const sandbox = await FakeSandbox.create(tpp);
  let config: Configuration | undefined;
  let journey!: TppJourney;
  const journeyRecordingInto = (recorder: JourneyRecorder) =>
    (journey = new TppJourney(tpp, REDIRECT_URI, recorder, {
      fetch: sandbox.fetch,
      authorizationServer: async () => (config ??= authorizationServerConfiguration(tpp, sandbox.metadata(), journey.fetch)),
    }));
  const moduleRef = await Test.createTestingModule({
    imports: [TppClientModule.forTpp({ tpp, publicUrl: TPP_URL, databaseUrl: database.url, journey: journeyRecordingInto })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: logLines ? keptLines(logLines) : false });
  app.use((_request: unknown, _response: unknown, next: () => void) => runInInteraction({ interactionId: randomUUID() }, next));
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();

  async function call(method: string, path: string, cookie?: string, form?: URLSearchParams, extraHeaders: Record<string, string> = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...extraHeaders };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${base}${path}`, { method, headers, body: form?.toString(), redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookie,
      cookie: setCookie?.split(';')[0],
      csp: response.headers.get('content-security-policy'),
      contentType: response.headers.get('content-type'),
      interactionId: response.headers.get('x-fapi-interaction-id'),
      html: await response.text(),
    };
  }

  /**
   * A PSU's form post as a browser makes it: the page with the form first (`/` for /connect and /disconnect, `/pay`
   * for /pay), which
   * starts the session when there is none, then the form with the session's token.
   */
  async function post(path: '/connect' | '/pay' | '/disconnect', cookie?: string, form = new URLSearchParams()): Promise<Answer> {
    const page = await call('GET', path === '/pay' ? '/pay' : '/', cookie);
    const session = cookie ?? (page.cookie as string);
    const fields = new URLSearchParams(form);
    fields.set('csrf', cheerio.load(page.html)(`form[action="${path}"] input[name=csrf]`).attr('value') as string);
    return call('POST', path, session, fields);
  }

  /** What the AS learnt from the request object (or the plain pushed parameters): enough to answer as it would. */
  function pendingAtTheAs(connect: Answer): PendingAuthorization {
    const url = new URL(connect.location as string);
    const pushed = new URLSearchParams(sandbox.requests.findLast((r) => r.url === `${ISSUER}/request`)?.body);
    const requestObject = url.searchParams.get('request') ?? pushed.get('request');
    const claims = (requestObject ? decodeJwt(requestObject) : { ...Object.fromEntries(pushed), claims: JSON.parse(pushed.get('claims') as string) }) as Record<string, never>;
    return {
      consentId: (claims.claims as { id_token: { openbanking_intent_id: { value: string } } }).id_token.openbanking_intent_id.value,
      purpose: { kind: 'account-access' },
      redirectUri: claims.redirect_uri,
      state: claims.state,
      nonce: claims.nonce,
      codeVerifier: 'known only to the TPP',
    };
  }

  /** Connect (JARM) and authorise at the fake AS: the session cookie of a connected browser. */
  async function connected(): Promise<string> {
    const connect = await post('/connect');
    const pending = pendingAtTheAs(connect);
    const callback = await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`, connect.cookie);
    return callback.cookie as string;
  }

  return { app, tpp, sandbox, journey, call, post, pendingAtTheAs, connected };
}

export type FintechApp = Awaited<ReturnType<typeof startApp>>;
export type Call = FintechApp['call'];
export type { INestApplication };
