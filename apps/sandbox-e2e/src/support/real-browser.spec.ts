import { createServer, type Server } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSandboxCertificates, SandboxFiles } from '@fapi/pki';
import { RealBrowser } from './real-browser';

// The real-browser story is only as good as what its browser reports: pin that it sees what a PSU would suffer.
jest.setTimeout(60_000);

/** Pages of a tiny HTTPS site with the sandbox's server certificate: one clean, the others broken in one way each. */
const PAGES: Record<string, { status: number; csp?: string; body: string }> = {
  '/clean': { status: 200, csp: "default-src 'none'", body: '<!DOCTYPE html><title>ok</title><h1>Fine</h1>' },
  '/inline-style': { status: 200, csp: "default-src 'none'", body: '<!DOCTYPE html><title>x</title><h1 style="color:red">Styled</h1>' },
  '/missing-image': { status: 200, body: '<!DOCTYPE html><title>x</title><img src="/nothing-here.png" alt="">' },
  '/unreachable-image': { status: 200, body: '<!DOCTYPE html><title>x</title><img src="https://localhost:1/x.png" alt="">' },
  '/refused-form': { status: 400, csp: "default-src 'none'", body: '<!DOCTYPE html><title>x</title><h1>Check the form</h1>' },
};

describe('the real browser of the stories reports what would spoil a page, and trusts only the sandbox CA', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fapi-real-browser-'));
  let server: Server;
  let origin: string;
  let browser: RealBrowser;

  beforeAll(async () => {
    await generateSandboxCertificates({ outDir: dir });
    const identity = (file: string) => readFileSync(path.join(dir, file));
    server = createServer({ key: identity('tpp-client.key'), cert: identity(SandboxFiles.serverCert('tpp-client')) }, (req, res) => {
      const page = PAGES[req.url ?? ''] ?? { status: 404, body: '' };
      res.statusCode = page.status;
      res.setHeader('content-type', page.status === 404 ? 'image/png' : 'text/html; charset=utf-8');
      if (page.csp) res.setHeader('content-security-policy', page.csp);
      res.end(page.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `https://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await RealBrowser.launch(path.join(dir, SandboxFiles.caCert), { javaScript: true, screenshots: { dir, prefix: 'trusted' } });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => browser.problems.splice(0));

  it('a page served with a certificate of the sandbox CA loads, with no problem reported', async () => {
    await browser.page.goto(`${origin}/clean`);
    await expect(browser.page.locator('h1').textContent()).resolves.toBe('Fine');
    expect(browser.problems).toEqual([]);
  });

  it('a style the policy blocks is a console error', async () => {
    await Promise.all([browser.page.waitForEvent('console'), browser.page.goto(`${origin}/inline-style`)]);
    expect(browser.problems).toEqual([expect.objectContaining({ kind: 'console error', detail: expect.stringContaining('Content Security Policy') })]);
  });

  it('a resource answered 404 is an error response; one that cannot be fetched at all is a failed request', async () => {
    await browser.page.goto(`${origin}/missing-image`);
    await browser.page.goto(`${origin}/unreachable-image`);
    expect(browser.problems.map((problem) => problem.kind).sort()).toEqual(['error response', 'failed request']);
    expect(browser.problems.find((problem) => problem.kind === 'error response')?.detail).toBe(`GET ${origin}/nothing-here.png: 404`);
  });

  it('a refusal the story expects is not a problem; the same refusal unexpected is one', async () => {
    browser.expectRefusal(400, '/refused-form');
    await browser.page.goto(`${origin}/refused-form`);
    expect(browser.problems).toEqual([]);
    await browser.page.goto(`${origin}/refused-form`);
    expect(browser.problems).toEqual([{ kind: 'error response', detail: `GET ${origin}/refused-form: 400` }]);
  });

  it('a server whose certificate no trusted CA issued is refused: certificate errors are not ignored', async () => {
    const stranger = mkdtempSync(path.join(tmpdir(), 'fapi-real-browser-stranger-'));
    try {
      await generateSandboxCertificates({ outDir: stranger });
      const other = await RealBrowser.launch(path.join(stranger, SandboxFiles.caCert), { javaScript: true, screenshots: { dir: stranger, prefix: 'stranger' } });
      try {
        await expect(other.page.goto(`${origin}/clean`)).rejects.toThrow('net::ERR_CERT_AUTHORITY_INVALID');
      } finally {
        await other.close();
      }
    } finally {
      rmSync(stranger, { recursive: true, force: true });
    }
  });
});
