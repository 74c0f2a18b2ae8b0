import type { Browser, Page } from '@fapi/testing';
import { AuthorizationServerHarness } from '../testing/authorization-server-harness';
import { PSU, PSU_ACCOUNTS } from '../testing/fake-bank-customers';
import { expectPage, expectRedirect, pushAuthorizationRequest, signInToConsentPage } from '../testing/psu-journey';
import type { TestTpp } from '../testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const ATTACKER = 'https://attacker.example';

function expectForgeryRefused(page: Page, why: string): void {
  expect({ status: page.status, type: page.headers['content-type'], heading: page.$('h1').text() }).toEqual({
    status: 403,
    type: 'text/html; charset=utf-8',
    heading: 'This request cannot continue',
  });
  expect(page.$('[role=alert]').text()).toContain(`This form did not come from your bank's page: ${why}`);
}

describe("the bank's login and consent forms only accept posts from their own page (issue 7, finding 6)", () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_form_forgery');
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

  async function authorisation(): Promise<{ browser: Browser; url: string; consentId: string }> {
    const browser = server.browser();
    browsers.push(browser);
    const consentId = server.createConsent(tpp.clientId).consentId;
    return { browser, url: (await pushAuthorizationRequest(tpp, consentId)).url, consentId };
  }

  const loginAction = (login: Page) => new URL(String(login.$('form').attr('action')), login.url).toString();

  it('a login posted from another site without the form token is refused (403)', async () => {
    const { browser, url } = await authorisation();
    const login = expectPage(await browser.open(url));
    const forged = await browser.crossSitePost(ATTACKER, loginAction(login), { username: PSU.username, password: PSU.password });
    expectForgeryRefused(forged, `it was sent from ${ATTACKER}`);
  });

  it("a login with the page's own token but another site's Origin is refused (403)", async () => {
    const { browser, url } = await authorisation();
    const login = expectPage(await browser.open(url));
    const token = String(login.$('input[name=csrf]').attr('value'));
    const forged = await browser.crossSitePost(ATTACKER, loginAction(login), { csrf: token, username: PSU.username, password: PSU.password });
    expectForgeryRefused(forged, `it was sent from ${ATTACKER}`);
  });

  it('a login without the token, or with a wrong one, is refused (403) even from no named origin', async () => {
    const { browser, url } = await authorisation();
    const login = expectPage(await browser.open(url));
    for (const csrf of ['', 'x'.repeat(43)]) {
      const refused = await browser.submit(login, 'form', { csrf, username: PSU.username, password: PSU.password });
      expectForgeryRefused(refused, 'its form token is missing or wrong');
    }
  });

  it("the token is the interaction's own: another sign-in's token is refused", async () => {
    const first = await authorisation();
    const otherToken = String(expectPage(await first.browser.open(first.url)).$('input[name=csrf]').attr('value'));
    const { browser, url } = await authorisation();
    const login = expectPage(await browser.open(url));
    expectForgeryRefused(await browser.submit(login, 'form', { csrf: otherToken, username: PSU.username, password: PSU.password }), 'its form token is missing or wrong');
  });

  it('a forged approval of the consent page is refused (403) and the consent still awaits the PSU', async () => {
    const { browser, url, consentId } = await authorisation();
    const consentPage = await signInToConsentPage(browser, url);
    const action = new URL(String(consentPage.$('form').attr('action')), consentPage.url).toString();
    const forged = await browser.crossSitePost(ATTACKER, action, { decision: 'approve', accountIds: PSU_ACCOUNTS[0].accountId });
    expectForgeryRefused(forged, `it was sent from ${ATTACKER}`);
    expectForgeryRefused(await browser.submit(consentPage, 'form', { csrf: 'forged', decision: 'approve', accountIds: [PSU_ACCOUNTS[0].accountId] }), 'its form token is missing or wrong');
    expect(server.consentService.accountAccess.get(consentId)?.status).toBe('AWAU');

    expectRedirect(await browser.submit(consentPage, 'form', { decision: 'approve', accountIds: [PSU_ACCOUNTS[0].accountId] }));
    expect(server.consentService.accountAccess.get(consentId)?.status).toBe('AUTH');
  });

  it("our own pages' posts, which browsers send with Origin: null (Referrer-Policy: no-referrer), still sign in", async () => {
    const { browser, url } = await authorisation();
    const login = expectPage(await browser.open(url));
    const token = String(login.$('input[name=csrf]').attr('value'));
    const consentPage = await browser.crossSitePost('null', loginAction(login), { csrf: token, username: PSU.username, password: PSU.password });
    expect(consentPage.html).toContain('Share your account information');
  });
});
