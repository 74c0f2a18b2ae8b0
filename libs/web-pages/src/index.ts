/** Server-rendered pages: HTML built only through the escaping `html` tag, in one look, sent with the headers every page carries. */
export { type Brand, BRANDS } from './brands';
export { formatDate, formatDateTime, formatTime } from './dates';
export { choice, type ChoiceView, errorNote, summaryList, type SummaryRow, textField, type TextFieldView } from './form-fields';
export { crossSiteFormPost, FORM_TOKEN_FIELD, formTokenField, formTokenMatches } from './form-protection';
export { html, SafeHtml } from './html';
export { type CreditDebit, formatAmount, formatMoney } from './money';
export { journeyStepLine, type JourneyStep, page, type PageView } from './page';
export { PAGE_CSP, SERVICE_CSP, pageHeaders } from './page-headers';
export { STYLESHEET, STYLESHEET_SOURCE } from './stylesheet';
