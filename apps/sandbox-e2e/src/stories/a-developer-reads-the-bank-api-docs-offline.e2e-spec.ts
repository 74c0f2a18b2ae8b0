import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { Agent, fetch } from 'undici';
import { ACCOUNT_INFO_OPENAPI_FILE, AISP_BASE_PATH, PAYMENT_INITIATION_OPENAPI_FILE, PISP_BASE_PATH } from '@fapi/open-banking';
import { sandbox } from '../support/sandbox-state';

/** The CSP directive `name` of a policy, as its list of sources. */
function directive(policy: string, name: string): string[] | undefined {
  const found = policy.split(';').map((part) => part.trim().split(/\s+/)).find(([directiveName]) => directiveName === name);
  return found?.slice(1);
}

describe('a developer reads the bank’s API docs in a browser, offline and without a client certificate', () => {
  // trusts the sandbox CA and presents no client certificate
  const browser = new Agent({ connect: { ca: readFileSync(path.join(sandbox().certsDir, 'ca.pem')) } });
  const get = (pathname: string) => fetch(`${sandbox().bankUrl}${pathname}`, { dispatcher: browser });
  afterAll(() => browser.close());

  it.each([
    ['AISP', AISP_BASE_PATH, ACCOUNT_INFO_OPENAPI_FILE],
    ['PISP', PISP_BASE_PATH, PAYMENT_INITIATION_OPENAPI_FILE],
  ])('the %s OpenAPI document is the official v4.0 file, its servers naming the bank', async (_api, basePath, officialFile) => {
    const response = await get(`${basePath}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { servers, ...served } = (await response.json()) as Record<string, unknown>;
    expect(servers).toEqual([expect.objectContaining({ url: `${sandbox().bankUrl}${basePath}` })]);
    const { servers: _officialServers, ...official } = JSON.parse(readFileSync(officialFile, 'utf8')) as Record<string, unknown>;
    expect(served).toEqual(official);
  });

  it('the bank’s home page links to the docs page', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(cheerio.load(await response.text())('a#docs-link').attr('href')).toBe('/docs');
  });

  it('the docs page and every file it uses come from the bank itself, with their content types and the security headers', async () => {
    const response = await get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const $ = cheerio.load(await response.text());
    const scripts = $('script').toArray().map((script) => $(script).attr('src'));
    const styles = $('link[rel=stylesheet]').toArray().map((link) => $(link).attr('href'));
    expect(scripts.length).toBeGreaterThan(0);
    expect(styles.length).toBeGreaterThan(0);
    expect($('script:not([src])')).toHaveLength(0);
    for (const [files, contentType] of [
      [scripts, 'text/javascript; charset=utf-8'],
      [styles, 'text/css; charset=utf-8'],
    ] as const) {
      for (const file of files) {
        expect(file).toMatch(/^\/[^/]/); // same origin: a path, never another host (nor protocol-relative)
        const asset = await get(file as string);
        expect({ file, status: asset.status, contentType: asset.headers.get('content-type') }).toEqual({ file, status: 200, contentType });
        expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
        expect(asset.headers.get('strict-transport-security')).toContain('max-age=');
        await asset.arrayBuffer();
      }
    }
  });

  it('the docs page’s policy lets only the bank’s own files run: no inline script, nothing from elsewhere', async () => {
    const response = await get('/docs');
    await response.arrayBuffer();
    const policy = response.headers.get('content-security-policy') as string;
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'default-src')).toEqual(["'none'"]);
    for (const name of ['style-src', 'img-src', 'connect-src']) {
      expect(directive(policy, name)?.filter((source) => !["'self'", "'unsafe-inline'", 'data:'].includes(source))).toEqual([]);
    }
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
  });
});
