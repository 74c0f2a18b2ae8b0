import { PAGE_CSP, SERVICE_CSP, pageHeaders } from './page-headers';

describe('every page is sent uncached, unframed and without scripts unless it says otherwise', () => {
  it('sends HTML that is never cached, framed, sniffed or referred', () => {
    expect(pageHeaders()).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': PAGE_CSP,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
  });

  it('the default policy allows no script and no framing', () => {
    expect(PAGE_CSP).toContain("default-src 'none'");
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(PAGE_CSP).not.toContain('script-src');
  });

  it('a page that needs more replaces the policy, and keeps every other header', () => {
    const headers = pageHeaders(`${PAGE_CSP}; script-src 'sha256-abc'`);
    expect(headers['content-security-policy']).toBe(`${PAGE_CSP}; script-src 'sha256-abc'`);
    expect(headers['x-frame-options']).toBe('DENY');
  });
});

describe('a response that sets no policy of its own still allows no inline script and no framing', () => {
  it('SERVICE_CSP is the page policy with same-origin script files only', () => {
    expect(SERVICE_CSP).toBe(`${PAGE_CSP}; script-src 'self'`);
    expect(SERVICE_CSP.split('; ').filter((directive) => directive.startsWith('script-src'))).toEqual(["script-src 'self'"]);
    expect(SERVICE_CSP).toContain("frame-ancestors 'none'");
  });
});
