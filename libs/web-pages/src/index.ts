/** Server-rendered pages: HTML built only through the escaping `html` tag, sent with the headers every page carries. */
export { html, SafeHtml } from './html';
export { PAGE_CSP, pageHeaders } from './page-headers';
