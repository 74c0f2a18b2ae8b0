import { type RefusalRule, refusalText } from '../refusal-rule';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What a refusal by `rule` reads, for a spec's toEqual/toBe: exactly its text with `received`; or, when what was
 * received depends on the moment (an age in seconds), any received part followed by the rule's clause and id.
 */
export function refusalBy(rule: RefusalRule, received?: string): string {
  if (received !== undefined) return refusalText(rule, received);
  return expect.stringMatching(new RegExp(`^(.+; )?${escaped(refusalText(rule))}$`)) as unknown as string;
}
