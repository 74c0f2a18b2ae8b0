import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Agent } from 'undici';
import type { ConsoleRecord } from '@fapi/nats-contract';
import { AUTHORIZATION_SERVER_RULES, BANK_ACCESS_RULES } from '@fapi/refusal-catalogue';
import { repoRoot } from '@fapi/service-runtime';
import { Browser } from '../support/browser';
import { approvedCode, httpCall, IndependentTpp } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { emptyFolder, RealBrowser } from '../support/real-browser';
import { sandbox } from '../support/sandbox-state';

const SCREENSHOTS = path.join(__dirname, '../../../../artifacts/screenshots/console');
const AVA = { username: 'ava', password: 'ava-sandbox-pass', accountIds: ['acc-ava-everyday'] };

/** `npm run console -- --client DIR`: the login link it prints. */
function consoleLink(folder: string): string {
  const printed = execFileSync(process.execPath, [path.join(repoRoot, 'libs/onboarding/dist/cli/console.js'), '--client', folder], { encoding: 'utf8' });
  const link = /https:\/\/\S+\/console\/enter\?link=[\w-]+/.exec(printed)?.[0];
  if (!link) throw new Error(`npm run console printed no link: ${printed}`);
  return link;
}

/** Polls `read` until it answers something (records reach the console asynchronously: the bank's over NATS). */
async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a fintech developer finds its refused request in the developer console, and nothing of another fintech’s', () => {
  let acme: IndependentTpp;
  let other: IndependentTpp;
  let acmeFolder: string;
  /** A browser session of Acme's developer, opened with the login link `npm run console` printed. */
  let developer: Browser;
  const parInteraction: string = randomUUID();
  const bankInteraction: string = randomUUID();
  /** Every secret of Acme's traffic in this story, by secret class: none may show in a console or a log. */
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    acmeFolder = onboardFintech('Acme Console', ['--redirect-uri', 'https://acme.example/callback', '--auth-method', 'private_key_jwt', '--response-style', 'jarm']);
    acme = new IndependentTpp(acmeFolder);
    other = new IndependentTpp(onboardFintech('Other Console', ['--redirect-uri', 'https://other.example/callback', '--auth-method', 'tls_client_auth', '--response-style', 'jarm']));
    developer = new Browser(readFileSync(path.join(sandbox().certsDir, 'ca.pem'), 'utf8'));
  });

  afterAll(async () => {
    await developer?.close();
    await acme?.close();
    await other?.close();
  });

  const consoleJson = async (query = '') => {
    const page = await developer.open(`${sandbox().issuer}/console/requests${query}`);
    if (page.status !== 200) throw new Error(`the console refused: ${page.status} ${page.html}`);
    return JSON.parse(page.html) as { client_id: string; requests: ConsoleRecord[] };
  };
  const ofInteraction = (interactionId: string) => async () => {
    const { requests } = await consoleJson(`?interaction=${interactionId}`);
    return requests.length ? requests : undefined;
  };

  it('Acme’s pushed request without PKCE and its bank call without a consent are refused, each naming its rule', async () => {
    const requestObject = await acme.requestObject(await consentOf(acme), {});
    const { pushed_authorization_request_endpoint } = await acme.discovery();
    const par = await acme.call('POST', pushed_authorization_request_endpoint, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-fapi-interaction-id': parInteraction },
      body: new URLSearchParams({ ...(await acme.clientAuthentication()), request: requestObject }).toString(),
    });
    expect({ status: par.status, error: (par.body as { error_description?: string }).error_description }).toEqual({ status: 400, error: expect.stringMatching(/\(rule fapi1\.pkce\.with-par\)$/) });

    const { access_token } = await acme.clientCredentialsToken('accounts');
    const bank = await acme.call('GET', `${sandbox().bankUrl}/open-banking/v4.0/aisp/accounts`, { headers: { authorization: `Bearer ${access_token}`, 'x-fapi-interaction-id': bankInteraction } });
    expect(bank.status).toBe(403);
  });

  it('Acme’s developer opens the link `npm run console` printed and finds both refusals by their interaction ids', async () => {
    const opened = await developer.open(consoleLink(acmeFolder));
    expect(opened.$('#console').attr('data-client-id')).toBe(acme.clientId);

    const [par] = await eventually(ofInteraction(parInteraction), 'the refused PAR in the console');
    expect(par).toMatchObject({ service: 'authorization-server', method: 'POST', endpoint: '/request', status: 400, verdict: 'refused', rule: AUTHORIZATION_SERVER_RULES.fapi1Pkce.id });
    expect(par.jwts?.find((jwt) => jwt.label === 'request object')?.claims).toMatchObject({ iss: acme.clientId, response_type: 'code' });

    const [bank] = await eventually(ofInteraction(bankInteraction), 'the refused bank call in the console (announced over NATS)');
    expect(bank).toMatchObject({ service: 'bank', method: 'GET', endpoint: '/open-banking/v4.0/aisp/accounts', status: 403, verdict: 'refused', error: 'U006', rule: BANK_ACCESS_RULES.psuAuthorisedToken.id });

    const page = await developer.open(`${sandbox().issuer}/console?interaction=${parInteraction}`);
    expect(page.$('.console-record .console-rule').attr('href')).toBe(`${sandbox().issuer}/docs/rules#${AUTHORIZATION_SERVER_RULES.fapi1Pkce.id}`);
  });

  it('another fintech’s transport certificate opens only its own console: none of Acme’s requests', async () => {
    await other.clientCredentialsToken('accounts');
    const answer = await eventually(async () => {
      const read = await httpCall<{ client_id: string; requests: ConsoleRecord[] }>(other.mtls, 'GET', `${sandbox().issuer}/console/requests`);
      return read.status === 200 && read.body.requests.length ? read : undefined;
    }, 'the other fintech’s own records');
    expect(new Set(answer.body.requests.map((record) => record.clientId))).toEqual(new Set([other.clientId]));
    expect(answer.body.requests.some((record) => [parInteraction, bankInteraction].includes(record.interactionId ?? ''))).toBe(false);
    const asked = await httpCall(other.mtls, 'GET', `${sandbox().issuer}/console/requests?client_id=${acme.clientId}`);
    expect(asked.status).toBe(401);
    const noCredential = await httpCall(new Agent({ connect: { ca: other.onboarded.transport.caPem } }), 'GET', `${sandbox().issuer}/console/requests`);
    expect(noCredential.status).toBe(401);
  });

  it('never shows a secret of Acme’s traffic in its console, its JSON or any service log', async () => {
    const consentId = await consentOf(acme);
    const { code, verifier } = await approvedCode(acme, consentId, 'openid accounts', AVA, { accountIds: AVA.accountIds });
    const redeemed = await acme.redeemCode(code, verifier);
    expect(redeemed.status).toBe(200);
    const assertion = await acme.clientAssertion();
    const { token_endpoint } = await acme.discovery();
    const refreshed = await acme.postForm<{ access_token: string }>(token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: String(redeemed.body.refresh_token),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(refreshed.status).toBe(200);
    const dpopProof = await aDpopProof(`${sandbox().bankUrl}/open-banking/v4.0/aisp/accounts`);
    await acme.call('GET', `${sandbox().bankUrl}/open-banking/v4.0/aisp/accounts`, { headers: { authorization: `Bearer ${redeemed.body.access_token}`, dpop: dpopProof } });
    Object.assign(secrets, {
      'private key': String(JSON.parse(readFileSync(path.join(acmeFolder, 'signing.jwk.json'), 'utf8')).d),
      'transport key': readFileSync(path.join(acmeFolder, 'transport.key'), 'utf8').split('\n')[1],
      password: AVA.password,
      'access token': redeemed.body.access_token,
      'refresh token': String(redeemed.body.refresh_token),
      'refreshed access token': refreshed.body.access_token,
      'authorization code': code,
      code_verifier: verifier,
      'client assertion signature': assertion.split('.')[2],
      'DPoP proof signature': dpopProof.split('.')[2],
    });
    await eventually(async () => ((await consoleJson()).requests.some((record) => record.service === 'bank' && record.status === 200) ? true : undefined), 'the accepted bank call');

    const shown: Record<string, string> = {
      'console page': (await developer.open(`${sandbox().issuer}/console`)).html,
      'console JSON': JSON.stringify(await consoleJson()),
    };
    for (const file of readdirSync(sandbox().logsDir)) shown[`log ${file}`] = readFileSync(path.join(sandbox().logsDir, file), 'utf8');
    const leaks = Object.entries(shown).flatMap(([where, text]) => Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([secretClass]) => `${secretClass} in ${where}`));
    expect(leaks).toEqual([]);
  });

  it('looks like a console a fintech developer wants to read (screenshots)', async () => {
    const browser = await RealBrowser.launch(path.join(sandbox().certsDir, 'ca.pem'), { javaScript: false, screenshots: { dir: emptyFolder(SCREENSHOTS), prefix: 'console' } });
    try {
      await browser.journey(async () => {
        await browser.page.goto(consoleLink(acmeFolder));
        expect(await browser.page.locator('h1').textContent()).toBe('Developer console');
        await browser.page.locator('.console-record.console-refused details').first().evaluate((details) => details.setAttribute('open', ''));
        await browser.screenshot('all-requests');
        await browser.page.goto(`${sandbox().issuer}/console?interaction=${parInteraction}`);
        await browser.screenshot('one-interaction');
      });
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/** An account-access consent of `tpp` awaiting authorisation. */
async function consentOf(tpp: IndependentTpp): Promise<string> {
  const created = await tpp.bank<{ Data: { ConsentId: string } }>('POST', 'account-access-consents', (await tpp.clientCredentialsToken()).access_token, {
    Data: { Permissions: ['ReadAccountsBasic'] },
    Risk: {},
  });
  if (created.status !== 201) throw new Error(`consent refused: ${created.status} ${created.text}`);
  return created.body.Data.ConsentId;
}

/** A DPoP proof (RFC 9449) for a GET of `url`, by a fresh key. */
async function aDpopProof(url: string): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return new SignJWT({ htm: 'GET', htu: url, jti: randomUUID() })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(publicKey) })
    .setIssuedAt()
    .sign(privateKey);
}
