import * as cheerio from 'cheerio';
import { Client } from 'pg';
import { CONSOLE_RULES, refusalText } from '@fapi/refusal-catalogue';
import { eventually } from '@fapi/testing';
import { AuthorizationServerHarness } from '../testing/authorization-server-harness';
import { askForLoginLink, consoleAssertion, ConsoleReader, openLoginLink } from '../testing/developer-console';
import { PSU } from '../testing/fake-bank-customers';
import { authoriseWithParAndJarm } from '../testing/psu-journey';
import { type AsConnection, type HttpResult, now, type TestTpp } from '../testing/test-tpp';

jest.setTimeout(60_000);

describe('a TPP developer reads its own requests in the developer console, and nobody else’s (issue 10)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_developer_console');
  let acme: TestTpp;
  let globex: TestTpp;
  let mtlsClient: TestTpp;
  let anonymous: AsConnection;

  beforeAll(async () => {
    await server.start();
    acme = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    globex = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'ES256', style: 'jarm' });
    mtlsClient = await server.registerTpp({ authMethod: 'tls_client_auth', alg: 'PS256', style: 'jarm' });
    anonymous = server.anonymous();
  });

  afterAll(async () => {
    for (const connection of [acme?.connection, globex?.connection, mtlsClient?.connection, anonymous]) await connection?.close();
    await server.stop();
  });

  const clientCredentials = (tpp: TestTpp) => tpp.token({ grant_type: 'client_credentials', scope: 'accounts' });
  const refusalRule = (answer: HttpResult) => /\(rule ([a-z0-9.-]+)\)$/.exec(String(answer.json.error_description ?? ''))?.[1];

  describe('access', () => {
    it('without a credential: 401, as JSON and as a page that says how to get in', async () => {
      const json = await anonymous.request('/console/requests');
      expect({ status: json.status, error: json.json.error, description: json.json.error_description }).toEqual({
        status: 401,
        error: 'unauthorized',
        description: refusalText(CONSOLE_RULES.credentialPresented, 'the request has no transport certificate and no console session'),
      });
      const page = await anonymous.request('/console');
      const $ = cheerio.load(page.text);
      expect({ status: page.status, rule: $('#console-refused a[href$="#sandbox.console.credential"]').length, csp: page.headers.get('content-security-policy') }).toEqual({
        status: 401,
        rule: 1,
        csp: expect.stringContaining("default-src 'none'"),
      });
      expect($('#console-refused').text()).toContain('npm run console -- --client');
    });

    it('a login link opens only its own client’s console, once', async () => {
      await clientCredentials(acme);
      await clientCredentials(globex);
      const acmeConsole = await ConsoleReader.withLoginLink(acme, server.pki.caPem);
      const globexConsole = await ConsoleReader.withLoginLink(globex, server.pki.caPem);
      try {
        const [acmeRecords, globexRecords] = [await eventuallyRecords(acmeConsole), await eventuallyRecords(globexConsole)];
        expect(new Set(acmeRecords.map((record) => record.clientId))).toEqual(new Set([acme.clientId]));
        expect(new Set(globexRecords.map((record) => record.clientId))).toEqual(new Set([globex.clientId]));
        // a session of acme naming another client gets nothing of it
        expect((await acmeConsole.requestsAnswer(`?client_id=${globex.clientId}`)).status).toBe(401);
      } finally {
        await acmeConsole.close();
        await globexConsole.close();
      }
    });

    it('a reused login link is refused with its rule', async () => {
      const login = await askForLoginLink(acme);
      const first = await openLoginLink(anonymous, String(login.json.login_link));
      const second = await openLoginLink(anonymous, String(login.json.login_link));
      expect({ first: first.answer.status, cookie: Boolean(first.cookie), second: second.answer.status, secondCookie: second.cookie }).toEqual({ first: 303, cookie: true, second: 401, secondCookie: undefined });
      expect(cheerio.load(second.answer.text)('.error-note').text()).toContain(refusalText(CONSOLE_RULES.loginLinkOnce, 'this link was opened before, has expired or was never issued'));
    });

    it('an expired login link is refused with its rule', async () => {
      const login = await askForLoginLink(acme);
      const database = new Client({ connectionString: server.options.databaseUrl });
      await database.connect();
      try {
        await database.query(`UPDATE console_pass SET expires_at = now() - interval '1 second' WHERE kind = 'link' AND used_at IS NULL`);
      } finally {
        await database.end();
      }
      const opened = await openLoginLink(anonymous, String(login.json.login_link));
      expect({ status: opened.answer.status, cookie: opened.cookie }).toEqual({ status: 401, cookie: undefined });
    });

    it('the login cookie is HttpOnly, Secure, SameSite=Strict and sent only to /console', async () => {
      const login = await askForLoginLink(acme);
      const opened = await anonymous.request(String(login.json.login_link));
      expect(opened.headers.get('set-cookie')).toMatch(/^fapi_console=[\w-]{43}; Path=\/console; Max-Age=7200; HttpOnly; Secure; SameSite=Strict$/);
      expect(opened.location).toBe('/console');
    });

    it.each([
      ['an assertion addressed to the token endpoint', (tpp: TestTpp) => consoleAssertion(tpp, { aud: `${tpp.issuer}/token` }), 'the assertion does not verify (ERR_JWT_CLAIM_VALIDATION_FAILED on aud)'],
      ['an expired assertion', (tpp: TestTpp) => consoleAssertion(tpp, { iat: now() - 600, exp: now() - 300 }), 'the assertion does not verify (ERR_JWT_EXPIRED on exp)'],
      ['another client’s assertion signed with this client’s key', async (tpp: TestTpp) => consoleAssertion(tpp, { iss: globex.clientId, sub: globex.clientId }), 'the assertion does not verify (ERR_JWKS_NO_MATCHING_KEY)'],
    ])('a login with %s is refused 401 invalid_client', async (_what, assertion, received) => {
      const answer = await askForLoginLink(acme, await assertion(acme));
      expect({ status: answer.status, error: answer.json.error, description: answer.json.error_description }).toEqual({
        status: 401,
        error: 'invalid_client',
        description: refusalText(CONSOLE_RULES.loginAssertion, received),
      });
    });

    it('a login assertion is used once', async () => {
      const assertion = await consoleAssertion(acme);
      expect((await askForLoginLink(acme, assertion)).status).toBe(201);
      const again = await askForLoginLink(acme, assertion);
      expect({ status: again.status, rule: refusalRule(again) }).toEqual({ status: 401, rule: CONSOLE_RULES.loginAssertion.id });
    });

    it('a tls_client_auth client’s registered certificate opens its console', async () => {
      await clientCredentials(mtlsClient);
      const records = await eventuallyRecords(ConsoleReader.withCertificate(mtlsClient));
      expect(new Set(records.map((record) => record.clientId))).toEqual(new Set([mtlsClient.clientId]));
    });

    it('a private_key_jwt client’s certificate opens its console once it was issued tokens bound to it, and only its console', async () => {
      const fresh = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
      try {
        const before = await ConsoleReader.withCertificate(fresh).requestsAnswer();
        expect({ status: before.status, rule: refusalRule(before) }).toEqual({ status: 401, rule: CONSOLE_RULES.credentialPresented.id });
        expect((await clientCredentials(fresh)).status).toBe(200);
        const records = await eventuallyRecords(ConsoleReader.withCertificate(fresh));
        expect(new Set(records.map((record) => record.clientId))).toEqual(new Set([fresh.clientId]));
        const other = await ConsoleReader.withCertificate(fresh).requestsAnswer(`?client_id=${acme.clientId}`);
        expect({ status: other.status, rule: refusalRule(other) }).toEqual({ status: 401, rule: CONSOLE_RULES.clientChosen.id });
      } finally {
        await fresh.connection.close();
      }
    });

    it('a certificate seen at /token is written once an hour per instance, not at every grant (issue 11): the second grant does not write it again', async () => {
      const fresh = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
      const database = new Client({ connectionString: server.options.databaseUrl });
      await database.connect();
      const expiries = async () =>
        (await database.query<{ expires_at: Date }>('SELECT expires_at FROM console_certificate WHERE client_id = $1', [fresh.clientId])).rows.map((row) => row.expires_at.getTime());
      try {
        expect((await clientCredentials(fresh)).status).toBe(200);
        await eventually(async () => ((await expiries()).length === 1 ? true : undefined), 'the certificate written at the first grant');
        // an expiry no grant would write (a write sets the certificate's own end, or 30 days): a second write would show
        await database.query(`UPDATE console_certificate SET expires_at = now() + interval '1 day' WHERE client_id = $1`, [fresh.clientId]);
        const marked = await expiries();
        expect((await clientCredentials(fresh)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await expiries()).toEqual(marked);
      } finally {
        await database.end();
        await fresh.connection.close();
      }
    });
  });

  describe('what it shows', () => {
    it('newest first, filtered by interaction id, each refusal linked to its rule, the request object decoded', async () => {
      const interactionId = '6f1c3a52-2d7e-4b8e-9a1e-3c5d7f9b1a20';
      const refused = await acme.par(await acme.requestObject({ claims: { id_token: {} } }, { exp: undefined }), undefined, { 'x-fapi-interaction-id': interactionId });
      expect(refused.status).toBe(400);
      const reader = await ConsoleReader.withLoginLink(acme, server.pki.caPem);
      try {
        const [record] = await eventuallyRecords(reader, `?interaction=${interactionId}`);
        expect(record).toMatchObject({ service: 'authorization-server', method: 'POST', endpoint: '/request', status: 400, verdict: 'refused', interactionId, rule: 'fapi1.request-object.required-claims' });
        expect(record.jwts?.map((jwt) => jwt.label)).toEqual(['client assertion', 'request object']);
        const all = await reader.requests();
        expect(all.map((entry) => entry.at)).toEqual([...all.map((entry) => entry.at)].sort().reverse());
        const page = cheerio.load((await reader.page(`?interaction=${interactionId}`)).text);
        expect(page('.console-record').length).toBe(1);
        expect(page('.console-record .console-rule').attr('href')).toBe(`${server.issuer}/docs/rules#fapi1.request-object.required-claims`);
        expect(page('.console-record details summary').map((_, element) => page(element).text()).get()).toEqual([
          'Client assertion: header and claims',
          'Request object: header and claims',
        ]);
      } finally {
        await reader.close();
      }
    });

    it('never shows a secret: private keys, transport key, password, tokens, code, code_verifier, assertion signature', async () => {
      const browser = server.browser();
      const { code, verifier } = await authoriseWithParAndJarm(server, acme, browser, server.createConsent(acme.clientId).consentId);
      await browser.close();
      const assertion = await acme.clientAssertion();
      const tokens = await acme.token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: acme.redirectUri }, assertion);
      expect(tokens.status).toBe(200);
      const refreshed = await acme.token({ grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) });
      const secrets: Record<string, string> = {
        'private key': String(acme.key.privateJwk.d),
        'transport key': acme.transport.key.split('\n')[1],
        password: PSU.password,
        'access token': String(tokens.json.access_token),
        'refresh token': String(tokens.json.refresh_token),
        'refreshed access token': String(refreshed.json.access_token),
        'authorization code': code,
        code_verifier: verifier,
        'client assertion signature': assertion.split('.')[2],
      };
      const reader = await ConsoleReader.withLoginLink(acme, server.pki.caPem);
      try {
        await eventually(async () => ((await reader.requests()).some((record) => record.endpoint === '/token' && record.status === 200) ? true : undefined), 'the token request recorded');
        const shown = { page: (await reader.page()).text, json: (await reader.requestsAnswer()).text };
        for (const [where, text] of Object.entries(shown)) {
          for (const [secretClass, secret] of Object.entries(secrets)) expect({ where, secretClass, shown: text.includes(secret) }).toEqual({ where, secretClass, shown: false });
        }
      } finally {
        await reader.close();
      }
    });

    it('never shows a DPoP proof', async () => {
      const dpopClient = await server.registerFapi2Tpp({ authMethod: 'private_key_jwt', alg: 'ES256', senderConstraint: 'dpop', requestObject: 'unsigned' });
      try {
        const proofs: string[] = [];
        const answer = await dpopClient.withDpopNonce({}, (headers) => {
          proofs.push(headers.dpop);
          return dpopClient.token({ grant_type: 'client_credentials', scope: 'accounts' }, undefined, headers);
        });
        expect(answer.status).toBe(200);
        const reader = await ConsoleReader.withLoginLink(dpopClient, server.pki.caPem);
        try {
          await eventually(async () => ((await reader.requests()).some((record) => record.status === 200) ? true : undefined), 'the token request recorded');
          const shown = (await reader.page()).text + (await reader.requestsAnswer()).text;
          for (const proof of proofs) for (const part of proof.split('.')) expect(shown.includes(part)).toBe(false);
          expect(shown.includes(String(answer.json.access_token))).toBe(false);
        } finally {
          await reader.close();
        }
      } finally {
        await dpopClient.connection.close();
      }
    });
  });
});

async function eventuallyRecords(reader: ConsoleReader, query = '') {
  return eventually(async () => {
    const records = await reader.requests(query);
    return records.length ? records : undefined;
  }, 'console records');
}
