/**
 * Issue 8, "Logs": an operator follows one PSU's journey through the logs of every service by its
 * x-fapi-interaction-id, and finds none of the journey's secrets in any of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { Psu } from '../support/psu';
import { sandbox } from '../support/sandbox-state';

/** Every line of a log file, parsed: a line that is not JSON fails the story. */
function logLines(file: string): Array<Record<string, unknown>> {
  return readFileSync(path.join(sandbox().logsDir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${file} has a line that is not JSON: ${line}`);
      }
    });
}

/** The log files of the service's processes (a story may have restarted it: `bank-api-restarted.log`). */
const logFilesOf = (service: string) => readdirSync(sandbox().logsDir).filter((file) => file.startsWith(service) && file.endsWith('.log'));

/**
 * The service's lines of the interaction, once `complete` holds of them (by default: there is one): lines may be
 * written just after the answer that ends the journey.
 */
async function linesOf(
  service: string,
  interactionId: string,
  complete: (lines: Array<Record<string, unknown>>) => boolean = (lines) => lines.length > 0,
): Promise<Array<Record<string, unknown>>> {
  for (let attempt = 0; ; attempt++) {
    const lines = logFilesOf(service).flatMap(logLines).filter((line) => line.interactionId === interactionId);
    if (complete(lines) || attempt === 40) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('one journey can be followed through every service’s log', () => {
  const noah = new Psu('noah', 'noah-sandbox-pass');
  let interactionId: string;
  let authorizationCode: string;
  let jarmResponse: string;

  beforeAll(async () => {
    const { tppUrl } = sandbox();
    const consent = await noah.logIn(await noah.connectBankAt(tppUrl));
    const accounts = await noah.approve(consent, ['acc-noah-everyday']);
    expect(accounts.url).toBe(`${tppUrl}/accounts`);
    interactionId = accounts.headers['x-fapi-interaction-id'] as string;
    const callback = new URL(noah.browser.history.find((url) => url.startsWith(`${tppUrl}/callback?`)) as string);
    jarmResponse = callback.searchParams.get('response') as string;
    authorizationCode = decodeJwt(jarmResponse).code as string;
  });
  afterAll(() => noah.close());

  it('Noah’s account-sharing journey has one interaction id, found in the fintech’s, the AS’s, the bank’s and the consent service’s lines', async () => {
    expect(interactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // the accounts page, the journey's last answer, is logged once it has been sent
    const fintech = await linesOf('tpp-client-jarm', interactionId, (lines) => lines.some((line) => line.route === '/accounts'));
    expect(fintech.map((line) => `${line.method} ${line.route} ${line.status}`)).toEqual(
      expect.arrayContaining(['POST /connect 303', 'GET /callback 303', 'GET /accounts 200']),
    );
    // the AS's back channel: PAR and the code exchange carried the journey's id
    const authorizationServer = await linesOf('authorization-server', interactionId);
    expect(authorizationServer.map((line) => `${line.method} ${line.route}`)).toEqual(expect.arrayContaining(['POST /request', 'POST /token']));
    // the bank: the consent, then the accounts read for the fintech
    const bank = await linesOf('bank-api', interactionId);
    expect(bank.map((line) => `${line.method} ${line.route} ${line.status}`)).toEqual(
      expect.arrayContaining(['POST /open-banking/v4.0/aisp/account-access-consents 201', 'GET /open-banking/v4.0/aisp/accounts 200']),
    );
    // the consent service answered the journey's NATS requests: the bank's to create the consent, the AS's (PAR) and the
    // bank's (reading accounts) to look it up
    const consentService = await linesOf('consent-service', interactionId);
    expect(consentService.map((line) => line.subject)).toEqual(expect.arrayContaining(['consent.account-access.create', 'consent.account-access.get']));
    for (const line of [...fintech, ...authorizationServer, ...bank]) {
      if (line.msg === 'request completed') expect(line).toEqual(expect.objectContaining({ latencyMs: expect.any(Number), status: expect.any(Number) }));
    }
  });

  it('every service logs JSON lines, none with a token, a client assertion, the authorization code, the PSU’s password or a private key', () => {
    const logs = readdirSync(sandbox().logsDir).filter((file) => file.endsWith('.log'));
    expect(logs).toEqual(expect.arrayContaining(['tpp-client-jarm.log', 'authorization-server.log', 'bank-api.log', 'consent-service.log']));
    for (const file of logs) {
      expect(logLines(file).length).toBeGreaterThan(0);
      const log = readFileSync(path.join(sandbox().logsDir, file), 'utf8');
      expect({ file, jwt: log.match(/eyJ[\w-]+\.eyJ[\w-]+/)?.[0] }).toEqual({ file, jwt: undefined }); // access and ID tokens, assertions, JARM responses
      for (const secret of [authorizationCode, jarmResponse, 'noah-sandbox-pass', 'PRIVATE KEY']) {
        expect({ file, contains: log.includes(secret) ? secret : undefined }).toEqual({ file, contains: undefined });
      }
    }
  });
});
