import type { Browser, Page } from '@fapi/testing';
import { AuthorizationServerHarness } from '../testing/authorization-server-harness';
import { PSU } from '../testing/fake-bank-customers';
import { expectPage, pushAuthorizationRequest } from '../testing/psu-journey';
import type { TestTpp } from '../testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

/** Every answer of the login form is a page a person can read: HTML, never a framework's JSON. */
function expectHtmlPage(page: Page, status: number, text: string): void {
  expect({ status: page.status, type: page.headers['content-type'], html: page.html.slice(0, 15) }).toEqual({
    status,
    type: 'text/html; charset=utf-8',
    html: '<!DOCTYPE html>',
  });
  expect(page.$('body').text()).toContain(text);
}

describe('the bank login page survives hostile input and a lost NATS (issue 7, findings 3 and 8)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_hostile_logins');
  const browsers: Browser[] = [];
  let tpp: TestTpp;

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await tpp?.connection.close();
    await server.stop();
  });

  /** A PSU's browser on the login page of a fresh authorisation. */
  async function onLoginPage(): Promise<{ browser: Browser; login: Page }> {
    const browser = server.browser();
    browsers.push(browser);
    const { url } = await pushAuthorizationRequest(tpp, server.createConsent(tpp.clientId).consentId);
    return { browser, login: expectPage(await browser.open(url)) };
  }

  it('a username or password with a control character gets the login page again with 400, refused before the bank is asked', async () => {
    for (const credentials of [
      { username: '\u0000', password: PSU.password },
      { username: PSU.username, password: `${PSU.password}\u0000` },
      { username: `${PSU.username}\u001b`, password: PSU.password },
      { username: 'm'.repeat(65), password: PSU.password },
    ]) {
      const { browser, login } = await onLoginPage();
      const retry = await browser.submit(login, 'form', credentials);
      expectHtmlPage(retry, 400, 'The username or password is not right.');
      expect(retry.$('h1').text()).toBe('Sign in to Sandbox Bank');
    }
  });

  it("a NUL login sent alongside other PSUs' logins leaves theirs succeeding", async () => {
    const pages = await Promise.all([onLoginPage(), onLoginPage(), onLoginPage(), onLoginPage()]);
    const [good1, hostile, good2, good3] = await Promise.all(
      pages.map(({ browser, login }, i) => browser.submit(login, 'form', i === 1 ? { username: '\u0000', password: 'x' } : { username: PSU.username, password: PSU.password })),
    );
    for (const consentPage of [good1, good2, good3]) expectHtmlPage(consentPage, 200, 'Share your account information');
    expectHtmlPage(hostile, 400, 'The username or password is not right.');
  });

  it('a form larger than any login form gets 413, as a page', async () => {
    const { browser, login } = await onLoginPage();
    const page = await browser.submit(login, 'form', { username: PSU.username, password: 'p'.repeat(17 * 1024) });
    expectHtmlPage(page, 413, 'This form is larger than any sign-in form can be.');
  });

  it('the sign-in pages show the test customers the bank published, asked for once and kept (not a NATS request per page)', async () => {
    const pages = [await onLoginPage(), await onLoginPage(), await onLoginPage()];
    for (const { login } of pages) expect(login.$('#test-customers').text()).toContain(PSU.username);
    expect(server.testCustomersAsked).toBe(1);
  });

  // Last: NATS stays down for the rest of the file.
  it('a login while NATS is down gets 503, as a page', async () => {
    const { browser, login } = await onLoginPage();
    await server.stopNats();
    const page = await browser.submit(login, 'form', { username: PSU.username, password: PSU.password });
    expectHtmlPage(page, 503, 'Your bank cannot be reached right now.');
  });
});
