/** Server-rendered pages: HTML built only through the escaping `html` tag, sent with the headers every page carries. */
export { crossSiteFormPost, FORM_TOKEN_FIELD, formTokenField, formTokenMatches } from './form-protection';
export { html, SafeHtml } from './html';
export { PAGE_CSP, SERVICE_CSP, pageHeaders } from './page-headers';
