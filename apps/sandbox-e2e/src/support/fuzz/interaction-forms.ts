import fc from 'fast-check';
import type { Page } from '@fapi/testing';
import { hostileText } from './hostile-values';

/** The PSUs of the sandbox: the fuzzer never guesses their passwords (that would lock them out for other stories). */
const REAL_PSUS = new Set(['mia', 'ava', 'noah', 'liam', 'emma', 'olivia']);

/** A post of the login or consent form as a hostile page or client could make it. */
export interface FormPost {
  /** The form's own hidden fields (its form token) kept, dropped, or replaced. */
  token: 'keep' | 'drop' | { replace: string };
  fields: Record<string, string>;
  /** The Origin header: the bank's own page, another site, or the literal "null" of a sandboxed frame. */
  origin: string;
}

const tokenChoice = fc.oneof(
  { arbitrary: fc.constant<FormPost['token']>('keep'), weight: 6 },
  { arbitrary: fc.constant<FormPost['token']>('drop'), weight: 1 },
  { arbitrary: hostileText.map<FormPost['token']>((replace) => ({ replace })), weight: 1 },
);
const originChoice = fc.oneof({ arbitrary: fc.constant('own'), weight: 6 }, { arbitrary: fc.constantFrom('null', 'https://evil.example'), weight: 1 });
const extraFields = fc.dictionary(hostileText, hostileText, { maxKeys: 2 });

/** Logins with a hostile username and password (never one of the sandbox's real PSUs). */
export const loginPosts: fc.Arbitrary<FormPost> = fc.record({
  token: tokenChoice,
  origin: originChoice,
  fields: fc.tuple(hostileText.filter((username) => !REAL_PSUS.has(username.trim().toLowerCase())), hostileText, extraFields).map(([username, password, extra]) => ({ ...extra, username, password })),
});

/** Consent decisions with hostile account choices (other PSUs' accounts, garbage, many). */
export const consentPosts = (accountIds: string[]): fc.Arbitrary<FormPost> =>
  fc.record({
    token: tokenChoice,
    origin: originChoice,
    fields: fc.record(
      {
        decision: fc.oneof(fc.constantFrom('approve', 'deny'), hostileText),
        accountIds: fc.oneof(fc.constantFrom(...accountIds), hostileText),
        debtorAccountId: fc.oneof(fc.constantFrom(...accountIds), hostileText),
      },
      { requiredKeys: ['decision'] },
    ),
  });

/** The fields `post` sends from `page`'s form `selector`: its hidden fields (or not, or forged) and the typed ones. */
export function formFields(page: Page, selector: string, post: FormPost): Record<string, string> {
  const fields: Record<string, string> = {};
  if (post.token !== 'drop') {
    page.$(selector).first().find('input[type=hidden]').each((_, input) => {
      const name = page.$(input).attr('name');
      if (name) fields[name] = post.token === 'keep' ? (page.$(input).attr('value') ?? '') : (post.token as { replace: string }).replace;
    });
  }
  return { ...fields, ...post.fields };
}
