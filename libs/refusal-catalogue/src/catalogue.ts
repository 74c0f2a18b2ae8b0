import { AUTHORIZATION_SERVER_RULES } from './authorization-server-rules';
import { BANK_REQUEST_RULES } from './bank-request-rules';
import { BANK_ACCESS_RULES } from './bank-rules';
import { CONSOLE_RULES } from './console-rules';
import { BANK_TOKEN_RULES } from './dpop-rules';
import type { RefusalRule } from './refusal-rule';
import { SIGNATURE_RULES } from './signature-rules';

/** Where a rule is enforced, as the rules page groups them. */
export interface CatalogueSection {
  title: string;
  rules: readonly RefusalRule[];
}

/** Every rule of the catalogue, in the sections of the rules page (<issuer>/docs/rules). */
export const REFUSAL_CATALOGUE: readonly CatalogueSection[] = [
  { title: 'Authorization server', rules: Object.values(AUTHORIZATION_SERVER_RULES) },
  { title: 'Bank: sender-constrained access tokens (401 challenge)', rules: Object.values(BANK_TOKEN_RULES) },
  { title: 'Bank: what the access token and its consent allow (403, or 400 U011 for an unknown id)', rules: Object.values(BANK_ACCESS_RULES) },
  { title: 'Bank: the form of a request (400, 413, 415)', rules: Object.values(BANK_REQUEST_RULES) },
  { title: 'Bank: the x-jws-signature of a payment request (400 U015 to U020)', rules: Object.values(SIGNATURE_RULES) },
  { title: 'Developer console: who may read a client’s requests (401)', rules: Object.values(CONSOLE_RULES) },
];

/** The catalogue's rules, all sections together. */
export const REFUSAL_RULES: readonly RefusalRule[] = REFUSAL_CATALOGUE.flatMap((section) => section.rules);
