import { STYLESHEET_SOURCE } from './stylesheet';

/**
 * No script, no plugin, no framing, no foreign resource: pages only style themselves, with the one stylesheet
 * (stylesheet.ts) and nothing else, not even an inline style attribute.
 */
export const PAGE_CSP = `default-src 'none'; style-src ${STYLESHEET_SOURCE}; base-uri 'none'; frame-ancestors 'none'`;

/**
 * The policy every response of a service carries unless it sets its own (startHttpsService, through helmet): pages
 * built elsewhere (oidc-provider's logout and form_post pages) get PAGE_CSP too, with `script-src 'self'` so that a
 * script can only be a same-origin file or the hash oidc-provider adds for its own inline script; never
 * 'unsafe-inline'.
 */
export const SERVICE_CSP = `${PAGE_CSP}; script-src 'self'`;

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
