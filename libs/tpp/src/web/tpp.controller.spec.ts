import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as cheerio from 'cheerio';
import { decodeJwt } from 'jose';
import type { PendingAuthorization } from '../authorization-request';
import { authorizationServerConfiguration } from '../authorization-server';
import { TppJourney } from '../journey';
import type { OnboardedTpp } from '@fapi/onboarding';
import { SESSION_COOKIE } from '../session-store';
import { FakeSandbox, ISSUER, REDIRECT_URI, TPP_URL, testTpp } from '../testing/fake-sandbox';
import { TppClientModule } from '../tpp-client.module';

interface Answer {
  status: number;
  location: string | null;
  cookie: string | undefined;
  setCookie: string | null;
  csp: string | null;
  html: string;
}

/** The fintech app on 127.0.0.1 (plain HTTP in the test), its AS and bank answered by the fake sandbox. */
async function startApp(overrides: Partial<OnboardedTpp>) {
  const { tpp } = await testTpp(overrides);
  const sandbox = await FakeSandbox.create(tpp);
  const config = authorizationServerConfiguration(tpp, sandbox.metadata(), sandbox.fetch);
  const journey = new TppJourney(tpp, REDIRECT_URI, { fetch: sandbox.fetch, authorizationServer: async () => config });
  const moduleRef = await Test.createTestingModule({ imports: [TppClientModule.forTpp({ tpp, publicUrl: TPP_URL, journey })] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();

  async function call(method: string, path: string, cookie?: string, form?: URLSearchParams): Promise<Answer> {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${base}${path}`, { method, headers, body: form?.toString(), redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookie,
      cookie: setCookie?.split(';')[0],
      csp: response.headers.get('content-security-policy'),
      html: await response.text(),
    };
  }

  /** What the AS learnt from the request object: enough to answer as it would. */
  function pendingAtTheAs(connect: Answer): PendingAuthorization {
    const url = new URL(connect.location as string);
    const requestObject = url.searchParams.get('request') ?? new URLSearchParams(sandbox.requests.findLast((r) => r.url === `${ISSUER}/request`)?.body).get('request');
    const claims = decodeJwt(requestObject as string) as Record<string, never>;
    return {
      consentId: (claims.claims as { id_token: { openbanking_intent_id: { value: string } } }).id_token.openbanking_intent_id.value,
      redirectUri: claims.redirect_uri,
      state: claims.state,
      nonce: claims.nonce,
      codeVerifier: 'known only to the TPP',
    };
  }

  return { app, sandbox, call, pendingAtTheAs };
}

describe('the fintech pages run the journey with plain forms and redirects, tokens kept server-side', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('the home page names the fintech and offers the connect form, without setting a cookie', async () => {
    const started = await startApp({});
    app = started.app;
    const home = await started.call('GET', '/');
    const $ = cheerio.load(home.html);
    expect(home.status).toBe(200);
    expect($('#fintech-name').text()).toBe('Acme <Budget> & Co');
    expect($('form[action="/connect"][method=post]')).toHaveLength(1);
    expect(home.setCookie).toBeNull();
    expect(home.csp).toContain("default-src 'none'");
  });

  it('jarm: connect redirects (303) to the AS with a pushed request, the callback connects and the accounts are shown', async () => {
    const { app: started, sandbox, call, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await call('POST', '/connect');
    expect(connect.status).toBe(303);
    const authorization = new URL(connect.location as string);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${ISSUER}/auth`);
    expect([...authorization.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(connect.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; Secure; SameSite=Lax$`));

    const pending = pendingAtTheAs(connect);
    const response = await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state });
    const callback = await call('GET', `/callback?${response}`, connect.cookie);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/accounts');
    expect(callback.cookie).not.toBe(connect.cookie);

    const accounts = await call('GET', '/accounts', callback.cookie);
    expect(accounts.status).toBe(200);
    expect(cheerio.load(accounts.html)('section.account[data-account-id]')).toHaveLength(2);
    for (const answer of [connect, callback, accounts]) expect(answer.html).not.toMatch(/cc-token|psu-token/);

    expect((await call('GET', '/accounts', connect.cookie)).location).toBe('/');
  });

  it('a replayed callback finds no pending authorization (400 no_pending_authorization)', async () => {
    const { app: started, sandbox, call, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await call('POST', '/connect');
    const pending = pendingAtTheAs(connect);
    const response = await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state });
    await call('GET', `/callback?${response}`, connect.cookie);
    const replay = await call('GET', `/callback?${response}`, connect.cookie);
    expect(replay.status).toBe(400);
    expect(cheerio.load(replay.html)('main#error').attr('data-error-code')).toBe('no_pending_authorization');
  });

  it('a callback from a browser without the session is refused (400 no_pending_authorization)', async () => {
    const { app: started, sandbox, call, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const pending = pendingAtTheAs(await call('POST', '/connect'));
    const answer = await call('GET', `/callback?${await sandbox.jarm({ code: sandbox.issueCode(pending), state: pending.state })}`);
    expect(answer.status).toBe(400);
    expect(cheerio.load(answer.html)('.error-code').text()).toBe('no_pending_authorization');
  });

  it('jarm: access_denied inside the response shows "You declined to share your accounts" with the code (403)', async () => {
    const { app: started, sandbox, call, pendingAtTheAs } = await startApp({ responseStyle: 'jarm' });
    app = started;
    const connect = await call('POST', '/connect');
    const pending = pendingAtTheAs(connect);
    const denied = await call('GET', `/callback?${await sandbox.jarm({ error: 'access_denied', state: pending.state })}`, connect.cookie);
    const $ = cheerio.load(denied.html);
    expect(denied.status).toBe(403);
    expect($('.error-message').text()).toBe('You declined to share your accounts.');
    expect($('.error-code').text()).toBe('access_denied');
  });

  it('hybrid: GET /callback serves the relay page (script allowed by hash only), POST /callback connects', async () => {
    const { app: started, sandbox, call, pendingAtTheAs } = await startApp({ responseStyle: 'hybrid', authMethod: 'tls_client_auth' });
    app = started;
    const connect = await call('POST', '/connect');
    expect(new URL(connect.location as string).searchParams.get('response_type')).toBe('code id_token');

    const relay = await call('GET', '/callback', connect.cookie);
    expect(relay.status).toBe(200);
    expect(cheerio.load(relay.html)('form#authorization-response[method=post][action="/callback"]')).toHaveLength(1);
    expect(relay.csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'/);

    const fragment = await sandbox.hybrid(pendingAtTheAs(connect));
    const callback = await call('POST', '/callback', connect.cookie, fragment);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/accounts');
    expect((await call('GET', '/accounts', callback.cookie)).status).toBe(200);
  });

  it('hybrid: access_denied relayed from the fragment shows the decline (403)', async () => {
    const { app: started, call, pendingAtTheAs } = await startApp({ responseStyle: 'hybrid' });
    app = started;
    const connect = await call('POST', '/connect');
    const { state } = pendingAtTheAs(connect);
    const denied = await call('POST', '/callback', connect.cookie, new URLSearchParams({ error: 'access_denied', state }));
    expect(denied.status).toBe(403);
    expect(cheerio.load(denied.html)('main#error').attr('data-error-code')).toBe('access_denied');
  });

  it('the accounts page without a connection sends the browser home (303 /)', async () => {
    const started = await startApp({});
    app = started.app;
    const answer = await started.call('GET', '/accounts');
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/');
  });
});
