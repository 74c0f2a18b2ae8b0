import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AUTHORIZATION_SERVER_RULES } from './authorization-server-rules';
import { BANK_REQUEST_RULES } from './bank-request-rules';
import { BANK_ACCESS_RULES } from './bank-rules';
import { REFUSAL_RULES } from './catalogue';
import { CONSOLE_RULES } from './console-rules';
import { BANK_TOKEN_RULES } from './dpop-rules';
import { receivedValue, ruleCitedBy, refusalText } from './refusal-rule';
import { SIGNATURE_RULES } from './signature-rules';

const LIBS = path.resolve(__dirname, '../..');
/** Where the rules that refuse with the catalogue's words live (their tests and test helpers aside). */
const RULE_SOURCES = ['authorization/src', 'bank/src', 'message-signing/src'];
const TABLES = { AUTHORIZATION_SERVER_RULES, BANK_TOKEN_RULES, BANK_ACCESS_RULES, BANK_REQUEST_RULES, SIGNATURE_RULES, CONSOLE_RULES };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });
}
const sources = RULE_SOURCES.flatMap((dir) => sourceFiles(path.join(LIBS, dir))).map((file) => ({ file: path.relative(LIBS, file), text: readFileSync(file, 'utf8') }));

describe('the catalogue of refusal rules', () => {
  it('has stable-looking ids, each once: kebab-case words joined by dots, the standard first', () => {
    const ids = REFUSAL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/);
  });

  it('words every rule in characters an OAuth error_description and a WWW-Authenticate quoted string both carry (RFC 6749 5.2)', () => {
    for (const rule of REFUSAL_RULES) expect(refusalText(rule)).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
  });

  it('words a refusal as what was received, the clause and what it expects, then the rule id', () => {
    expect(refusalText(AUTHORIZATION_SERVER_RULES.requestObjectLifetime, 'request object exp - nbf is 4200 s')).toBe(
      'request object exp - nbf is 4200 s; FAPI 1.0 Advanced 5.2.2-13: exp is after nbf and at most 3600 s from it (rule fapi1.request-object.lifetime)',
    );
    expect(refusalText(BANK_TOKEN_RULES.proofAth)).toBe(
      'RFC 9449 4.3 check 12: the DPoP proof ath is the base64url SHA-256 hash of the access token (rule rfc9449.proof.ath)',
    );
  });

  it('reads the rule id back from any refusal it worded, and from nothing else', () => {
    for (const rule of REFUSAL_RULES) expect(ruleCitedBy(refusalText(rule, 'what came'))).toBe(rule.id);
    expect(ruleCitedBy('invalid redirect_uri')).toBeUndefined();
    expect(ruleCitedBy(undefined)).toBeUndefined();
  });

  it('repeats a value the TPP sent only when it is short quotable text', () => {
    expect(receivedValue('code id_token')).toBe('code id_token');
    expect(receivedValue('say "hi"')).toBe('a string that cannot be repeated here');
    expect(receivedValue('x'.repeat(201))).toBe('a string that cannot be repeated here');
    expect([receivedValue(undefined), receivedValue(['a']), receivedValue(42), receivedValue(false), receivedValue({})]).toEqual(['absent', 'an array', '42', 'false', 'a object']);
  });

  it('has every entry used by a rule of the authorization server or the bank', () => {
    const used = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\b[A-Z_]*RULES\.(\w+)\b/g)].map((match) => match[1])));
    const keys = Object.values(TABLES).flatMap((table) => Object.keys(table));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((key) => !used.has(key))).toEqual([]);
  });

  it('is where every refusal of the rules gets its words: none is thrown with words of its own', () => {
    const ownWords = [
      /new errors\.\w+\(\s*['"`]/,
      /notGranted\(\s*['"`]/,
      /dpopRefusal\(\s*'\w+',\s*['"`]/,
      /invalidProof\(\s*['"`]/,
      /ObError\.(forbidden|of)\('U0(0[6-9]|1[01]|2[17])',\s*['"`]/,
    ];
    const offending = sources.filter(({ text }) => ownWords.some((pattern) => pattern.test(text))).map(({ file }) => file);
    expect(offending).toEqual([]);
  });
});
