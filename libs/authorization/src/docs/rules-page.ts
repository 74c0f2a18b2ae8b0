import { type CatalogueSection, REFUSAL_CATALOGUE, type RefusalRule } from '@fapi/refusal-catalogue';
import { html, page, type SafeHtml } from '@fapi/web-pages';
import { BANK } from '../interactions/pages';

/** Where the AS publishes the catalogue of refusal rules: HTML, a rule's anchor its id; and the same as JSON. */
export const RULES_PAGE_PATH = '/docs/rules';
export const RULES_JSON_PATH = '/docs/rules.json';

/** The rules page's URL on this issuer, with a rule's anchor when one is given. */
export function rulesPageUrl(issuer: string, ruleId?: string): string {
  const url = new URL(RULES_PAGE_PATH.slice(1), issuer.endsWith('/') ? issuer : `${issuer}/`);
  if (ruleId) url.hash = ruleId;
  return url.href;
}

const ruleEntry = (rule: RefusalRule) =>
  html`<dt id="${rule.id}"><a href="#${rule.id}"><code>${rule.id}</code></a></dt><dd><span class="rule-clause">${rule.standard} ${rule.clause}</span>: <span class="rule-expected">${rule.expected}</span></dd>\n`;

const section = ({ title, rules }: CatalogueSection) =>
  html`<h2>${title}</h2>
<dl class="summary">
${rules.map(ruleEntry)}</dl>\n`;

/**
 * The catalogue as a page in the bank's look: every refusal of the authorization server and the bank ends with
 * `(rule <id>)`, and `#<id>` on this page is that rule.
 */
export function rulesPage(catalogue: readonly CatalogueSection[] = REFUSAL_CATALOGUE): SafeHtml {
  return page({
    brand: BANK,
    title: 'Why a request was refused',
    id: 'rules',
    wide: true,
    body: html`<p>Every refusal of this sandbox's authorization server (an OAuth <code>error_description</code>) and bank (an Open Banking
<code>Errors[].Message</code>, or the <code>error_description</code> of a <code>WWW-Authenticate</code> challenge) says what it received,
the clause and what it expects, and ends with <code>(rule &lt;id&gt;)</code>: the rule below. The same list is at
<a href="rules.json"><code>${RULES_JSON_PATH}</code></a>.</p>
${catalogue.map(section)}`,
  });
}
