/** No script, no plugin, no framing, no foreign resource: pages only style themselves. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The headers every server-rendered page is sent with: never cached (pages show a PSU's data or a sign-in in
 * progress), never framed (clickjacking of Approve buttons), no referrer leaking codes or ids, no MIME sniffing.
 * `csp` replaces the default policy for a page that needs more (e.g. one script by hash).
 */
export function pageHeaders(csp: string = PAGE_CSP): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}
