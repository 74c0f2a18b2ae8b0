import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { emptyFolder, RealBrowser } from '../support/real-browser';
import { sandbox } from '../support/sandbox-state';

/** Git-ignored: every page of both journeys at phone and desktop size, to look at after a run. */
const SCREENSHOTS = path.join(__dirname, '../../../../artifacts/screenshots');

/** The one line that tells the PSU where they are, as the page shows it. */
const stepLine = (page: Page) => page.locator('#journey-step').textContent();

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The steps of the flow the inspector must list (by kind), with the JWTs each shows decoded. */
const FLOW_STEPS = [
  { kind: 'par', label: 'PAR', jwts: ['request object'] },
  { kind: 'authorization', label: 'Authorization', jwts: [] },
  { kind: 'callback', label: 'JARM response', jwts: ['JARM response'] },
  { kind: 'code-exchange', label: 'Token', jwts: ['access token', 'ID Token'] },
];

/**
 * Each bank call of Mia's journey: the consent; the accounts page (accounts, each one's balances), the account page
 * (account, balances, transactions), the accounts page again (3 reads); the consent ended when she disconnected.
 */
const BANK_CALLS = ['account-access-consent', ...Array<string>(9).fill('account-read'), 'consent-deletion'];

/**
 * The flow inspector's page of the journey that just ended, opened from the link on the page that ended it, in a
 * second window of the PSU's browser with JavaScript on (the sequence diagram is drawn by script); and its export.
 */
async function inspectTheJourney(browser: RealBrowser, journeyPath: string): Promise<void> {
  const inspector = await browser.withJavaScript('inspector');
  try {
    await inspector.journey(async () => {
      const { page } = inspector;
      await page.goto(`${sandbox().tppUrl}${journeyPath}`);
      await page.locator('#sequence-diagram svg').waitFor();
      const steps = await page.locator('ol.inspector-steps > li').evaluateAll((items) =>
        items.map((item) => ({
          kind: item.getAttribute('data-kind') as string,
          label: item.querySelector('.step-label')?.textContent,
          jwts: [...item.querySelectorAll('.jwt')].filter((jwt) => jwt.querySelector('.jwt-claims')).map((jwt) => jwt.getAttribute('data-label')),
        })),
      );
      for (const expected of FLOW_STEPS) {
        const step = steps.find((candidate) => candidate.kind === expected.kind);
        expect({ label: step?.label, jwts: expected.jwts.filter((label) => step?.jwts.includes(label)) }).toEqual({ label: expected.label, jwts: expected.jwts });
      }
      const bankCalls = steps.filter((step) => BANK_CALLS.includes(step.kind));
      expect(bankCalls.map((step) => step.kind)).toEqual(BANK_CALLS);
      for (const call of bankCalls) expect(call.jwts).toContain('access token');
      await expect(page.locator('.signature-bad').count()).resolves.toBe(0);
      await inspector.screenshot('journey-inspector');
      for (const { kind } of FLOW_STEPS) await page.locator(`li[data-kind=${kind}] > details > summary`).click();
      await inspector.screenshot('journey-inspector-steps-open');

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-link').click()]);
      expect(download.suggestedFilename()).toBe(`journey-${journeyPath.split('/').at(-1)}.json`);
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { steps: unknown[] };
      expect(exported.steps).toHaveLength(steps.length);

      await page.emulateMedia({ media: 'print' });
      await inspector.screenshot('journey-inspector-printed');
    });
  } finally {
    await inspector.close();
  }
  expect(inspector.problems).toEqual([]);
}

describe('a PSU completes both journeys in a real browser', () => {
  const caPem = () => path.join(sandbox().certsDir, 'ca.pem');
  /** The flow inspector's page of Mia's account-sharing journey, as linked from the accounts page that ended it. */
  let sharingJourney: string;
  /** Mia's browser, with JavaScript turned off: the JARM fintech's journeys and the bank's pages need no script. */
  let browser: RealBrowser;
  /** Noah's own browser, with JavaScript on: the hybrid fintech's callback page relays the URL fragment by script. */
  let scripted: RealBrowser;

  beforeAll(async () => {
    emptyFolder(SCREENSHOTS);
    browser = await RealBrowser.launch(caPem(), { javaScript: false, screenshots: { dir: SCREENSHOTS, prefix: 'no-js' } });
    scripted = await RealBrowser.launch(caPem(), { javaScript: true, screenshots: { dir: SCREENSHOTS, prefix: 'hybrid' } });
  });

  afterAll(async () => {
    await browser?.close();
    await scripted?.close();
  });

  // Every page of every step: no console error, page error, failed request or unexpected error status anywhere.
  afterEach(() => expect([...browser.problems, ...scripted.problems]).toEqual([]));

  // One PSU in one browser, as in life: a second PSU signing in to the same browser makes oidc-provider end the first
  // one's session through its own script page (with a "Continue" button when JavaScript is off).
  it('Mia shares her two accounts with the fintech: she signs in at the bank, chooses them, sees them, and disconnects', async () => {
    const { page } = browser;
    const { tppUrl, issuer } = sandbox();
    await browser.journey(async () => {
      await page.goto(`${tppUrl}/`);
      await browser.screenshot('fintech-home');
      await page.locator('#connect').click();

      await page.waitForURL(`${issuer}/**`);
      expect(await stepLine(page)).toBe('Sandbox Bank · step 1 of 3: sign in');
      await expect(page.locator('#test-customers').textContent()).resolves.toContain('mia-sandbox-pass');
      await browser.screenshot('bank-sign-in');

      await signIn(page, 'mia', 'not-her-password');
      await expect(page.getByRole('alert').textContent()).resolves.toBe('The username or password is not right.');
      await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
      await browser.screenshot('bank-sign-in-wrong-password');

      await signIn(page, 'mia', 'mia-sandbox-pass');
      expect(await stepLine(page)).toBe('Sandbox Bank · step 2 of 3: choose accounts');
      await browser.screenshot('bank-choose-accounts');
      await page.getByRole('checkbox', { name: /Everyday/ }).check();
      await page.getByRole('checkbox', { name: /Rainy day savings/ }).check();
      await page.getByRole('button', { name: 'Share these accounts' }).click();

      await page.waitForURL(`${tppUrl}/accounts`);
      const shared = await page.locator('section.account').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-account-id')).sort());
      expect(shared).toEqual(['acc-mia-everyday', 'acc-mia-savings']);
      await browser.screenshot('fintech-accounts');
      sharingJourney = (await page.locator('#inspector-link').getAttribute('href')) as string;

      await page.locator('section.account[data-account-id=acc-mia-everyday] a.account-link').click();
      await page.waitForURL(`${tppUrl}/accounts/acc-mia-everyday**`);
      await browser.screenshot('fintech-transactions');

      await page.goto(`${tppUrl}/accounts`);
      await page.locator('#disconnect').click();
      await page.locator('main#disconnected').waitFor();
      await browser.screenshot('fintech-disconnected');
    });
  });

  it('then a trainer shows the class every step of that journey in the flow inspector: the diagram, PAR, authorization, JARM, token and each bank call, decoded', async () => {
    await inspectTheJourney(browser, sharingJourney);
  }, 120_000); // the inspector's pages are long: their full-page screenshots at two sizes take a while

  it('then Mia pays Ava £7.35: a form error first, then she signs in at the bank, confirms, and watches the payment settle', async () => {
    const { page } = browser;
    const { tppUrl, issuer } = sandbox();
    await browser.journey(async () => {
      await page.goto(`${tppUrl}/pay`);
      await browser.screenshot('fintech-payment-form');
      browser.expectRefusal(400, '/pay');
      await page.locator('#pay').click();
      await expect(page.getByLabel('Amount (£)').getAttribute('aria-invalid')).resolves.toBe('true');
      await browser.screenshot('fintech-payment-form-errors');

      await page.getByLabel('Payee name').fill('Ava Lindqvist');
      await page.getByLabel('Sort code').fill('99-00-01');
      // Accounts whose seeded figures no story asserts (Mia's everyday, Ava's current account): stories share one sandbox.
      await page.getByLabel('Account number').fill('10000021');
      await page.getByLabel('Amount (£)').fill('7.35');
      await page.getByLabel('Reference').fill('Coffee');
      await page.locator('#pay').click();

      await page.waitForURL(`${issuer}/**`);
      await signIn(page, 'mia', 'mia-sandbox-pass');
      expect(await stepLine(page)).toBe('Sandbox Bank · step 2 of 3: confirm the payment');
      await expect(page.locator('#payment-amount').textContent()).resolves.toBe('£7.35');
      await browser.screenshot('bank-confirm-payment');
      await page.getByRole('radio', { name: /Everyday/ }).check();
      await page.getByRole('button', { name: 'Approve payment' }).click();

      await page.waitForURL(`${tppUrl}/payments/**`);
      // Settlement is asynchronous: the status page refreshes itself (meta refresh, no script) until it settles.
      await page.locator('main#payment[data-status=ACCC]').waitFor({ timeout: 30_000 });
      await browser.screenshot('fintech-payment-settled');
    });
  });

  it('then Mia signs out of the bank: it asks first, and says she has signed out, in its own look', async () => {
    const { page } = browser;
    const { issuer } = sandbox();
    await browser.journey(async () => {
      await page.goto(`${issuer}/session/end`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Sign out of Sandbox Bank?');
      await browser.screenshot('bank-sign-out');
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('You have signed out');
      await browser.screenshot('bank-signed-out');
    });
  });

  it('Noah, in his own browser with JavaScript on, shares his savings with the hybrid fintech, whose callback page relays the answer', async () => {
    const { page } = scripted;
    const { tppHybridUrl, issuer } = sandbox();
    await scripted.journey(async () => {
      await page.goto(`${tppHybridUrl}/`);
      await page.locator('#connect').click();
      await page.waitForURL(`${issuer}/**`);
      await signIn(page, 'noah', 'noah-sandbox-pass');
      expect(await stepLine(page)).toBe('Sandbox Bank · step 2 of 3: choose accounts');
      await page.getByRole('checkbox', { name: /House deposit/ }).check();
      await scripted.screenshot('bank-choose-accounts');
      await page.getByRole('button', { name: 'Share these accounts' }).click();

      // The hybrid response comes back in the fragment: the callback page's script (allowed by its hash) posts it on.
      await page.waitForURL(`${tppHybridUrl}/accounts`);
      const shared = await page.locator('section.account').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-account-id')));
      expect(shared).toEqual(['acc-noah-savings']);
      await scripted.screenshot('fintech-accounts');
    });
  });
});
