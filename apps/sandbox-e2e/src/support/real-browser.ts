import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';

/** Debian's chromium (.ci/run installs it): Playwright's own browser download cannot reach its host from our machines. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless flags for a machine with a closed network (/work/.library/env/machines/node-svc.md): without the
 * background-networking ones Chromium keeps trying Google's hosts and its refused connections pile up.
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The sizes a PSU reads the pages at: a phone (the journey runs at this size) and a desktop. */
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

/** Every window of a PSU's browser: phone-sized, British English, London time. */
const CONTEXT_SETTINGS = { viewport: VIEWPORTS.phone, locale: 'en-GB', timezoneId: 'Europe/London' } as const;

/** An empty folder at `dir` (the screenshots of an earlier run removed). */
export function emptyFolder(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** What went wrong on a page that a PSU would notice or a developer should: each fails the story. */
export interface PageProblem {
  kind: 'console error' | 'page error' | 'failed request' | 'error response';
  detail: string;
}

/**
 * A real Chromium that trusts the sandbox's CA the way a PSU's machine trusts a real one: in the NSS database of its
 * own fresh HOME (Chromium on Linux reads ~/.pki/nssdb), so TLS is verified, host names included; no certificate
 * error is ignored. certutil comes with Debian's libnss3-tools.
 */
export class RealBrowser {
  readonly problems: PageProblem[] = [];
  /** Responses the story expects to be refusals, by status and path (e.g. a form sent back with errors). */
  private readonly expectedRefusals: { status: number; path: string }[] = [];
  private shots = 0;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    /** The browser's own HOME (its NSS database), removed on close; none for a second window of the same browser. */
    private readonly home: string | undefined,
    private readonly screenshots: { dir: string; prefix: string },
  ) {
    page.on('console', (message) => {
      // Chromium also logs every error status and failed load as "Failed to load resource": the response and
      // requestfailed listeners judge those (an expected refusal is no problem).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) {
        this.problems.push({ kind: 'console error', detail: `${page.url()}: ${message.text()}` });
      }
    });
    page.on('pageerror', (error) => this.problems.push({ kind: 'page error', detail: `${page.url()}: ${error.message}` }));
    page.on('requestfailed', (request) => this.problems.push({ kind: 'failed request', detail: `${request.method()} ${request.url()}: ${request.failure()?.errorText}` }));
    page.on('response', (response) => this.noteRefusal(response));
  }

  /**
   * `javaScript: false` proves a journey needs no script; `screenshots.prefix` names this browser's pictures apart
   * from another's in the same folder (which the caller empties: emptyFolder).
   */
  static async launch(caPemFile: string, options: { javaScript: boolean; screenshots: { dir: string; prefix: string } }): Promise<RealBrowser> {
    const home = mkdtempSync(path.join(tmpdir(), 'fapi-browser-home-'));
    const nssDb = `sql:${path.join(home, '.pki', 'nssdb')}`;
    mkdirSync(path.join(home, '.pki', 'nssdb'), { recursive: true });
    execFileSync('certutil', ['-d', nssDb, '-N', '--empty-password']);
    // "C,,": a CA trusted to issue server certificates (not e-mail or code signing).
    execFileSync('certutil', ['-d', nssDb, '-A', '-t', 'C,,', '-n', 'FAPI sandbox CA', '-i', caPemFile]);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Playwright gives every launch a fresh, empty profile (user data dir) of its own.
      args: CHROMIUM_FLAGS,
      env: { ...process.env, HOME: home },
    });
    const context = await browser.newContext({ ...CONTEXT_SETTINGS, javaScriptEnabled: options.javaScript });
    return new RealBrowser(browser, await context.newPage(), home, options.screenshots);
  }

  /**
   * The same PSU's session (its cookies) in a second window with JavaScript on, for a page that needs script (the
   * flow inspector's diagram) when this browser has it off; its pictures are named `prefix`. Close it on its own.
   */
  async withJavaScript(prefix: string): Promise<RealBrowser> {
    const context = await this.browser.newContext({ ...CONTEXT_SETTINGS, javaScriptEnabled: true, storageState: await this.page.context().storageState() });
    return new RealBrowser(this.browser, await context.newPage(), undefined, { dir: this.screenshots.dir, prefix });
  }

  /** The next response with `status` at `path` is the one the story provokes, not a problem. */
  expectRefusal(status: number, path: string): void {
    this.expectedRefusals.push({ status, path });
  }

  private noteRefusal(response: Response): void {
    if (response.status() < 400) return;
    const { pathname } = new URL(response.url());
    const expected = this.expectedRefusals.findIndex((refusal) => refusal.status === response.status() && refusal.path === pathname);
    if (expected >= 0) this.expectedRefusals.splice(expected, 1);
    else this.problems.push({ kind: 'error response', detail: `${response.request().method()} ${response.url()}: ${response.status()}` });
  }

  /** The page as a PSU sees it on a phone and on a desktop: `<prefix>-NN-name-phone.png` and `…-desktop.png`. */
  async screenshot(name: string): Promise<void> {
    const prefix = path.join(this.screenshots.dir, `${this.screenshots.prefix}-${String(++this.shots).padStart(2, '0')}-${name}`);
    await this.page.screenshot({ path: `${prefix}-phone.png`, fullPage: true });
    await this.page.setViewportSize(VIEWPORTS.desktop);
    await this.page.screenshot({ path: `${prefix}-desktop.png`, fullPage: true });
    await this.page.setViewportSize(VIEWPORTS.phone);
  }

  /** Runs a story's steps; when one fails, the page it failed on is saved (`NN-failed-…`) and named in the error. */
  async journey(steps: () => Promise<void>): Promise<void> {
    try {
      await steps();
    } catch (error) {
      await this.screenshot('failed').catch(() => undefined);
      const heading = await this.page.locator('h1').first().textContent({ timeout: 1000 }).catch(() => undefined);
      // Not `instanceof Error`: Playwright's errors may come from another realm than the story's.
      if (typeof (error as Error)?.message === 'string') (error as Error).message += `\n(on ${this.page.url()}, heading "${heading}")`;
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.home === undefined) {
      await this.page.context().close();
      return;
    }
    await this.browser.close();
    rmSync(this.home, { recursive: true, force: true });
  }
}
