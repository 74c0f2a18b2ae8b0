/** One rule the authorization server or the bank refuses a request by, as a TPP reads it in the refusal and the rules page. */
export interface RefusalRule {
  /** Stable, kebab-case words joined by dots (`<standard>.<subject>.<rule>`): a TPP looks the rule up by it, never rename one. */
  id: string;
  /** The standard asking for it, as refusals name it (e.g. 'FAPI 1.0 Advanced', 'RFC 9449'). */
  standard: string;
  /** Where the standard says it, e.g. '5.2.2-13'. */
  clause: string;
  /** What the rule expects, as one sentence, e.g. 'exp is after nbf and at most 3600 s from it'. */
  expected: string;
}

const RULE_REFERENCE = /\(rule ([a-z0-9.-]+)\)$/;

/**
 * The words of a refusal by `rule`: what was received (when the refusal knows it), the clause and what it expects, and
 * the rule's id, e.g. "request object exp - nbf is 4200 s; FAPI 1.0 Advanced 5.2.2-13: exp is after nbf and at most
 * 3600 s from it (rule fapi1.request-object.lifetime)". Every refusal of ours is worded here: the one place a developer
 * console can learn which rule refused a request (ruleCitedBy reads the id back from any answer). `received` must be
 * the server's own words, never a TPP's raw input (a WWW-Authenticate quoted string could be broken out of).
 */
export function refusalText(rule: RefusalRule, received?: string): string {
  const cited = `${rule.standard} ${rule.clause}: ${rule.expected} (rule ${rule.id})`;
  return received ? `${received}; ${cited}` : cited;
}

/** The id of the rule a refusal's text cites (an error_description, an OB Errors[].Message), if it cites one. */
export function ruleCitedBy(text: string | undefined): string | undefined {
  return text?.match(RULE_REFERENCE)?.[1];
}

/** Visible ASCII but `"` and `\` (RFC 6749 error_description's characters, safe in a quoted string too), 200 at most. */
const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,200}$/;

/** A value the TPP sent, as a refusal may repeat it: itself when it is short quotable text, else what kind of value it is. */
export function receivedValue(value: unknown): string {
  if (value === undefined || value === null) return 'absent';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return QUOTABLE.test(value) ? value : 'a string that cannot be repeated here';
  return `a ${typeof value}`;
}
