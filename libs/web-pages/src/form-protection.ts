import { timingSafeEqual } from 'node:crypto';
import { html, type SafeHtml } from './html';

/** The hidden field that carries a form's anti-forgery token. */
export const FORM_TOKEN_FIELD = 'csrf';

/** The hidden field of a state-changing form: its token (the browser sends it back with the form's other fields). */
export const formTokenField = (token: string): SafeHtml => html`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${token}">`;

/**
 * Why a form post cannot come from one of our own pages, or undefined when it may. Fetch Metadata (Sec-Fetch-Site) and
 * RFC 6454 §7 (Origin): a browser says where a form was posted from, so a post from another site is refused before its
 * token is read. `Origin: null` is not refused here: browsers send it for our own forms too, as our pages are sent
 * with Referrer-Policy: no-referrer (Fetch, "append a request `Origin` header"); such a post is left to the token.
 */
export function crossSiteFormPost(headers: Readonly<Record<string, string | string[] | undefined>>, ownOrigin: string): string | undefined {
  const site = headers['sec-fetch-site']?.toString();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `it was sent from another site (Sec-Fetch-Site: ${site})`;
  const origin = headers.origin?.toString();
  if (origin !== undefined && origin !== 'null' && origin !== ownOrigin) return `it was sent from ${origin}`;
  return undefined;
}

/** Whether a form came back with the expected token, compared in constant time (OWASP CSRF: synchronizer token). */
export function formTokenMatches(given: string | null | undefined, expected: string): boolean {
  const sent = Buffer.from(given ?? '');
  const wanted = Buffer.from(expected);
  return sent.length === wanted.length && timingSafeEqual(sent, wanted);
}
